import { describe, expect, it } from "vitest";
// The library's built modules (`npm run build` first): its sources import ./x.ts, which this
// project's typecheck does not take.
import { parseJsonc } from "../../packages/masumi-agent/dist/operator/jsonc.js";
import { LISTING_FILE, readListing } from "../../packages/masumi-agent/dist/operator/listing.js";
import { pricingProblems } from "../../packages/masumi-agent/dist/operator/pricing.js";
import { publicUrlProblem } from "../../packages/masumi-agent/dist/operator/public-url.js";
import { AGENT_KINDS, STACK_DEFAULTS, type StackOptions } from "../../src/options.js";
import { renderTree } from "../../src/render/render-tree.js";

/**
 * The listing file and the registry scripts of a generated project: paid through the Masumi
 * payment service (the only mode a registration needs), a project gets both.
 */
const stack = (overrides: Partial<StackOptions>): StackOptions => ({
  ...STACK_DEFAULTS,
  projectName: "word-agent",
  persistence: "memory",
  payment: "masumi",
  packageManager: "npm",
  ...overrides,
});

describe("the generated listing file", () => {
  it("is one the library reads, with prices the marketplace sells on both networks", async () => {
    const tree = await renderTree(stack({}));
    const listing = readListing(parseJsonc(tree.get(LISTING_FILE) ?? ""), LISTING_FILE);
    expect(listing.name).toBe("word-agent");
    expect(pricingProblems(listing.pricing.Preprod, "Preprod", LISTING_FILE)).toEqual([]);
    expect(pricingProblems(listing.pricing.Mainnet, "Mainnet", LISTING_FILE)).toEqual([]);
    // The URL is a public placeholder: register refuses nothing about its form, only that it answers.
    expect(publicUrlProblem(listing.apiBaseUrl, false)).toBeUndefined();
    expect(tree.get("README.md")).toContain("npm run register -- --dry-run");
  });

  it("describes the agent kind it was made with, within the registry's limits", async () => {
    const descriptions = new Set<string>();
    for (const agent of AGENT_KINDS) {
      const tree = await renderTree(stack({ agent }));
      // readListing refuses a listing past any limit of the registry.
      descriptions.add(readListing(parseJsonc(tree.get(LISTING_FILE) ?? ""), LISTING_FILE).description);
    }
    // The offline example and the model researcher are listed as what they do.
    expect(descriptions.size).toBe(2);
  });

  it("is not made for free or simulated payments", async () => {
    for (const payment of ["free", "simulated"] as const) {
      const tree = await renderTree(stack({ payment }));
      expect(tree.has(LISTING_FILE)).toBe(false);
      expect(Object.keys(JSON.parse(tree.get("package.json") ?? "").scripts)).not.toContain("register");
    }
  });

  it("comes with payment-sim, register, doctor and registry scripts (tasks on Deno, with their permissions)", async () => {
    const node = JSON.parse((await renderTree(stack({}))).get("package.json") ?? "");
    expect(node.scripts).toMatchObject({
      "payment-sim": "masumi-agent payment-sim --write-env .env --auto-lock 5000",
      register: "masumi-agent register",
      doctor: "masumi-agent doctor",
      registry: "masumi-agent registry",
    });
    const deno = JSON.parse((await renderTree(stack({ runtime: "deno" }))).get("deno.json") ?? "");
    for (const task of ["register", "doctor", "registry"]) {
      expect(deno.tasks[task]).toMatch(
        new RegExp(`^deno run --allow-net --allow-env --allow-read --allow-write=\\.env npm:masumi-agent@\\S+ ${task}$`),
      );
    }
    expect(deno.tasks["payment-sim"]).toMatch(/ npm:masumi-agent@\S+ payment-sim --write-env \.env --auto-lock 5000$/);
    const bunReadme = (await renderTree(stack({ runtime: "bun", packageManager: "bun" }))).get("README.md") ?? "";
    expect(bunReadme).toContain("`bun run doctor`");
    expect(bunReadme).toContain("bun run payment-sim\n");
  });
});
