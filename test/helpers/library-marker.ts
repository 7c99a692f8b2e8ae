import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Makes a copy of the masumi-agent package behave observably differently over HTTP: its
 * /availability message ends with `marker`. A project that answers with the marker runs that copy
 * and no other build of the library. The built dist/api.js is changed, and src/api.ts too where
 * the copy has its sources (a checkout, which may be built again); a phrase that is no longer
 * there fails loudly instead of leaving the copy unmarked.
 */
export async function markAvailability(packageDir: string, marker: string): Promise<void> {
  const files = ["dist/api.js", "src/api.ts"].filter((file) => file === "dist/api.js" || existsSync(join(packageDir, file)));
  for (const file of files) {
    const path = join(packageDir, file);
    const source = await readFile(path, "utf8");
    const marked = source.replace("`Ready to accept jobs; ${payment.description}`", `\`Ready to accept jobs; \${payment.description}; ${marker}\``);
    if (marked === source) throw new Error(`${path} no longer has the /availability message that markAvailability changes`);
    await writeFile(path, marked);
  }
}

/** The /availability message of the agent at `url`. */
export async function availabilityMessage(url: string): Promise<string> {
  const response = await fetch(`${url}/availability`);
  const body = (await response.json()) as { status?: string; message?: string };
  if (response.status !== 200 || body.status !== "available") {
    throw new Error(`${url}/availability answered ${response.status} ${JSON.stringify(body)}`);
  }
  return body.message ?? "";
}
