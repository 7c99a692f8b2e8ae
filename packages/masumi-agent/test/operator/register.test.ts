import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "../../src/operator/register.ts";
import { PREFLIGHT_CHECKS } from "../../src/operator/preflight.ts";
import { Refusal, Stopped } from "../../src/operator/refusal.ts";
import { DEFAULT_AGENT_IDENTIFIER } from "../../src/payment-sim/index.ts";
import { startServedAgent, type ServedAgent } from "../helpers/served-agent.ts";
import {
  READ_TOKEN,
  closedPort,
  faultyAgent,
  listingOf,
  project,
  recordingTerminal,
  registryWrites,
  startSim,
} from "./helpers.ts";

/** A real agent (free payments, no identifier in its /availability) that every case lists. */
let agent: ServedAgent;
beforeAll(async () => {
  agent = await startServedAgent();
});
afterAll(() => agent.stop());

/** The lines of the Refusal `run` ends with (it must end with one). */
async function refusalOf(run: Promise<unknown>): Promise<string[]> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Refusal);
  return (error as Refusal).lines;
}

describe("register refuses, one line with the fix, and sends nothing", () => {
  const cases: {
    name: string;
    listing?: (url: string) => Record<string, unknown>;
    env?: () => Promise<Record<string, string>>;
    agentUrl?: () => Promise<string>;
    allowLoopback?: boolean;
    line: RegExp;
  }[] = [
    {
      name: "a localhost apiBaseUrl (the flag that lets it through is named)",
      listing: (url) => ({ ...listingOf(url.replace("127.0.0.1", "localhost")) }),
      allowLoopback: false,
      line: /apiBaseUrl http:\/\/localhost:\d+ is a loopback address .*--allow-loopback/,
    },
    {
      name: "an apiBaseUrl with a query",
      listing: (url) => listingOf(`${url}/?key=1`),
      line: /has a query or fragment/,
    },
    {
      name: "a schema the marketplace rejects (two fields with one id)",
      agentUrl: () =>
        faultyAgent({
          inputSchema: {
            input_data: [
              { id: "text", type: "string", name: "Text" },
              { id: "text", type: "string", name: "More text" },
            ],
          },
        }),
      line: /\/input_schema: .*text.*the marketplace rejects the whole schema/,
    },
    {
      name: "an agent that answers type wrong",
      agentUrl: () => faultyAgent({ availability: { status: "available", type: "agent" } }),
      line: /\/availability answers type "agent"; the registry lists only type "masumi-agent"/,
    },
    {
      name: "an agent that names another identifier than AGENT_IDENTIFIER",
      agentUrl: () =>
        faultyAgent({ availability: { status: "available", type: "masumi-agent", agentIdentifier: "ab".repeat(60) } }),
      line: /names agentIdentifier (ab)+, but AGENT_IDENTIFIER here is [0-9a-f]{120}/,
    },
    {
      name: "a tag too long",
      listing: (url) => ({ ...listingOf(url), tags: ["text", "t".repeat(64)] }),
      line: /tags\[1\] has 64 characters; the registry takes at most 63/,
    },
    {
      name: "pricing in ada",
      listing: (url) => ({ ...listingOf(url), pricing: { Preprod: [{ unit: "ada", amount: "5" }] } }),
      line: /pricing\.Preprod\[0\]: "ada" is not a unit .*"lovelace" .*1 ADA = 1000000/,
    },
    {
      name: "mainnet USDM on Preprod",
      listing: (url) => ({ ...listingOf(url), pricing: { Preprod: [{ unit: "USDM", amount: "5000000" }] } }),
      line: /USDM is the stablecoin of the other network; on Preprod write "tUSDM"/,
    },
    {
      name: "an amount that is not whole",
      listing: (url) => ({ ...listingOf(url), pricing: { Preprod: [{ unit: "tUSDM", amount: "1.5" }] } }),
      line: /amount "1.5" must be a whole number of the smallest unit/,
    },
    {
      name: "an unreachable payment service",
      env: async () => ({ PAYMENT_SERVICE_URL: `http://127.0.0.1:${await closedPort()}/api/v1` }),
      line: /The payment service at .* cannot be reached .*: start it, or correct PAYMENT_SERVICE_URL/,
    },
    {
      name: "a read-only key",
      env: async () => ({ PAYMENT_API_KEY: READ_TOKEN }),
      line: /PAYMENT_API_KEY is a read-only key \(Read\); registering needs a key with pay rights/,
    },
    {
      name: "a malformed NETWORK",
      env: async () => ({ NETWORK: "preprod" }),
      line: /NETWORK must be Preprod or Mainnet/,
    },
  ];

  for (const example of cases) {
    it(example.name, async () => {
      const sim = await startSim();
      const url = example.agentUrl ? await example.agentUrl() : agent.url;
      const folder = await project(sim, (example.listing ?? listingOf)(url), await example.env?.());
      const before = await folder.env();
      const lines = await refusalOf(
        register(folder.options({ allowLoopback: example.allowLoopback ?? true }), recordingTerminal()),
      );
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(example.line);
      expect(registryWrites(sim)).toEqual([]);
      expect(await folder.env()).toBe(before);
    });
  }

  it("without a terminal and without --yes (nothing asked)", async () => {
    const sim = await startSim();
    const folder = await project(sim, listingOf(agent.url));
    const terminal = recordingTerminal();
    const lines = await refusalOf(register(folder.options({ yes: false }), terminal));
    expect(lines).toEqual([expect.stringMatching(/this is not a terminal; pass --yes/)]);
    expect(terminal.questions).toEqual([]);
    expect(registryWrites(sim)).toEqual([]);
  });

  it("every pre-flight check has an id and a title", () => {
    expect(PREFLIGHT_CHECKS.map((check) => check.id)).toEqual([
      "listing",
      "environment",
      "pricing",
      "api-base-url",
      "payment-service",
      "pay-rights",
      "payment-source",
      "availability",
      "input-schema",
    ]);
  });
});

describe("register against the simulator", () => {
  it("registers the V2 seller, follows it to RegistrationConfirmed and writes .env, other lines untouched", async () => {
    const sim = await startSim();
    const folder = await project(sim, listingOf(agent.url));
    const terminal = recordingTerminal();
    await register(folder.options(), terminal);

    const [post] = registryWrites(sim);
    expect(registryWrites(sim)).toHaveLength(1);
    expect(post!.body).toMatchObject({
      network: "Preprod",
      name: "Word Counter",
      apiBaseUrl: agent.url,
      Tags: ["text", "words"],
      supportedPaymentSources: [
        {
          chain: "Cardano",
          network: "Preprod",
          paymentSourceType: "Web3CardanoV2",
          pricing: {
            pricingType: "Fixed",
            fixed: [
              {
                asset: "16a55b2a349361ff88c03788f93e1e966e5d689605d044fef722ddde0014df10745553444d",
                amount: "2000000",
              },
            ],
          },
        },
      ],
    });
    expect(post!.body).not.toHaveProperty("AgentPricing");
    const env = await folder.env();
    const identifier = /^AGENT_IDENTIFIER=([0-9a-f]+)$/m.exec(env)?.[1];
    expect(identifier).toMatch(/^[0-9a-f]{120}$/);
    expect(identifier).not.toBe(DEFAULT_AGENT_IDENTIFIER);
    expect(env).toMatch(/^PAYMENT_SOURCE_INDEX=0$/m);
    expect(env.startsWith("# the agent's settings\n")).toBe(true);
    expect(env).toContain(`PAYMENT_SERVICE_URL=${sim.apiUrl}\n`);
    expect(env).toContain("PORT=3000\n");
    expect(terminal.lines).toContainEqual(expect.stringMatching(/: RegistrationConfirmed$/));
    // The new agent can be paid at its registered price.
    const payment = await fetch(
      `${sim.apiUrl}/registry/agent-identifier?agentIdentifier=${identifier}&network=Preprod`,
      {
        headers: { token: sim.env.PAYMENT_API_KEY },
      },
    );
    expect(((await payment.json()) as { data: { Metadata: { name: string } } }).data.Metadata.name).toBe(
      "Word Counter",
    );
  });

  it("registers a V1 seller with AgentPricing in lovelace and removes PAYMENT_SOURCE_INDEX", async () => {
    const sim = await startSim({ sourceType: "Web3CardanoV1", seed: undefined });
    const folder = await project(
      sim,
      { ...listingOf(agent.url), pricing: { Preprod: [{ unit: "lovelace", amount: "3000000" }] } },
      { PAYMENT_SOURCE_INDEX: "0", PAYMENT_SOURCE_TYPE: "Web3CardanoV1" },
    );
    await register(folder.options(), recordingTerminal());
    expect(registryWrites(sim)[0]!.body).toMatchObject({
      AgentPricing: { pricingType: "Fixed", Pricing: [{ unit: "lovelace", amount: "3000000" }] },
    });
    const env = await folder.env();
    expect(env).not.toContain("PAYMENT_SOURCE_INDEX");
    expect(env).toMatch(/^PAYMENT_SOURCE_TYPE=Web3CardanoV1$/m);
  });

  it("--dry-run prints the request and sends nothing", async () => {
    const sim = await startSim();
    const folder = await project(sim, listingOf(agent.url));
    const before = await folder.env();
    const terminal = recordingTerminal();
    await register(folder.options({ dryRun: true, yes: false }), terminal);
    expect(terminal.lines).toContainEqual(`Would send POST ${sim.apiUrl}/registry (token: PAYMENT_API_KEY):`);
    expect(JSON.parse(terminal.lines.at(-1)!)).toMatchObject({
      name: "Word Counter",
      sellingWalletVkey: expect.stringMatching(/^[0-9a-f]{56}$/),
    });
    expect(registryWrites(sim)).toEqual([]);
    expect(await folder.env()).toBe(before);
  });

  it("asks on a terminal, and a no sends nothing", async () => {
    const sim = await startSim();
    const folder = await project(sim, listingOf(agent.url));
    const terminal = recordingTerminal({ interactive: true, answer: false });
    await expect(register(folder.options({ yes: false }), terminal)).rejects.toBeInstanceOf(Stopped);
    expect(terminal.questions).toEqual([expect.stringMatching(/^Register "Word Counter" on Preprod/)]);
    expect(registryWrites(sim)).toEqual([]);
  });

  it("stops at the timeout, and a second run follows the same entry instead of registering twice", async () => {
    // Registry steps only by the admin route here: the entry stays RegistrationRequested.
    const sim = await startSim({ registrationStepMs: undefined });
    const folder = await project(sim, listingOf(agent.url));
    const stopped = await register(folder.options({ timeoutMs: 300 }), recordingTerminal()).catch(
      (error: unknown) => error,
    );
    expect(stopped).toBeInstanceOf(Stopped);
    expect((stopped as Stopped).lines[0]).toMatch(
      /Still RegistrationRequested after the timeout; .*run register again/,
    );
    const [post] = registryWrites(sim);
    const { id } = (
      (await (
        await fetch(`${sim.apiUrl}/registry?network=Preprod&filterPaymentSourceType=Web3CardanoV2`, {
          headers: { token: sim.env.PAYMENT_API_KEY },
        })
      ).json()) as { data: { Assets: { id: string; name: string }[] } }
    ).data.Assets.find((asset) => asset.name === "Word Counter")!;
    expect(post).toBeDefined();

    const identifier = "ef".repeat(60);
    sim.simulateRegistration(id, "registration-initiated", identifier);
    sim.simulateRegistration(id, "registration-confirmed");
    const terminal = recordingTerminal();
    await register(folder.options(), terminal);
    expect(registryWrites(sim)).toHaveLength(1);
    expect(terminal.lines).toContainEqual(expect.stringMatching(/^Following the registration requested earlier/));
    expect(await folder.env()).toContain(`AGENT_IDENTIFIER=${identifier}\n`);
  });
});
