import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doctor } from "../../src/operator/doctor.ts";
import { register } from "../../src/operator/register.ts";
import { Refusal, Stopped } from "../../src/operator/refusal.ts";
import {
  registryDeregister,
  registryStatus,
  registryUpdate,
} from "../../src/operator/registry-commands.ts";
import type { PaymentSimulator, SimulatorSeed } from "../../src/payment-sim/index.ts";
import { startServedAgent, type ServedAgent } from "../helpers/served-agent.ts";
import {
  READ_TOKEN,
  closedPort,
  listingOf,
  project,
  recordingTerminal,
  registryWrites,
  startSim,
  type Project,
  type RecordingTerminal,
} from "./helpers.ts";

/** A real agent that the registered listing points at (it names no identifier in /availability). */
let agent: ServedAgent;
beforeAll(async () => {
  agent = await startServedAgent();
});
afterAll(() => agent.stop());

/** A project registered on a simulator (a fresh default one): its .env holds the new identifier. */
async function registeredProject(
  simulator: Promise<PaymentSimulator> = startSim(),
  listing = listingOf(agent.url),
): Promise<{ sim: PaymentSimulator; folder: Project; identifier: string }> {
  const sim = await simulator;
  const folder = await project(sim, listing);
  await register(folder.options(), recordingTerminal());
  const identifier = /^AGENT_IDENTIFIER=(\w+)$/m.exec(await folder.env())![1]!;
  return { sim, folder, identifier };
}

interface ListedEntry {
  id: string;
  state: string;
  name: string;
  agentIdentifier: string | null;
  CurrentTransaction: { status: string } | null;
}

/** The simulator's registry entry of the test listing, among those GET /registry lists with `filter`. */
async function registryEntryOf(
  sim: PaymentSimulator,
  filter = "filterPaymentSourceType=Web3CardanoV2",
): Promise<ListedEntry | undefined> {
  const response = await fetch(`${sim.apiUrl}/registry?network=Preprod&${filter}`, {
    headers: { token: sim.env.PAYMENT_API_KEY },
  });
  const { data } = (await response.json()) as { data: { Assets: ListedEntry[] } };
  return data.Assets.find((asset) => asset.name === "Word Counter");
}

/** A V1 seller's project, registered (V1 prices in lovelace). */
const registeredV1Project = () =>
  registeredProject(startSim({ sourceType: "Web3CardanoV1", seed: undefined }), {
    ...listingOf(agent.url),
    pricing: { Preprod: [{ unit: "lovelace", amount: "3000000" }] },
  });

/** Rewrites one variable of the project's .env. */
async function setEnv(folder: Project, name: string, value: string): Promise<void> {
  const { writeFile } = await import("node:fs/promises");
  const text = (await folder.env()).replace(new RegExp(`^${name}=.*$`, "m"), `${name}=${value}`);
  await writeFile(folder.envFile, text.includes(`${name}=`) ? text : `${text}${name}=${value}\n`);
}

/** Doctor's lines, and whether it ended blocked. */
async function doctorOf(folder: Project, allowLoopback = true) {
  const terminal = recordingTerminal();
  const outcome = await doctor({ envFile: folder.envFile, allowLoopback }, terminal).then(
    () => "clear",
    (error: unknown) => {
      if (error instanceof Stopped) return "blocked";
      throw error;
    },
  );
  return {
    outcome,
    lines: terminal.lines,
    failed: terminal.lines.filter((line) => line.startsWith("✖")),
  };
}

describe("doctor", () => {
  it("exits 0 for a registered project whose agent answers", async () => {
    const { folder } = await registeredProject();
    const { outcome, lines, failed } = await doctorOf(folder);
    expect(failed).toEqual([]);
    expect(outcome).toBe("clear");
    for (const id of [
      "environment",
      "payment-service",
      "pay-rights",
      "registry-entry",
      "payment-source",
      "availability",
    ])
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^✔ ${id}: `)));
  });

  const blocking: {
    name: string;
    check: string;
    spoil: (folder: Project, agentUrl: string) => Promise<void>;
    line: RegExp;
    allowLoopback?: boolean;
  }[] = [
    {
      name: "an identifier of odd length",
      check: "environment",
      spoil: (folder) => setEnv(folder, "AGENT_IDENTIFIER", "abc"),
      line: /AGENT_IDENTIFIER must be .*hex of even length/,
    },
    {
      name: "an unreachable payment service",
      check: "payment-service",
      spoil: async (folder) =>
        setEnv(folder, "PAYMENT_SERVICE_URL", `http://127.0.0.1:${await closedPort()}/api/v1`),
      line: /cannot be reached/,
    },
    {
      name: "a read-only key",
      check: "pay-rights",
      spoil: (folder) => setEnv(folder, "PAYMENT_API_KEY", READ_TOKEN),
      line: /PAYMENT_API_KEY is a read-only key \(Read\); the agent \(payments, results\) needs a key with pay rights/,
    },
    {
      name: "an identifier the registry does not know",
      check: "registry-entry",
      spoil: (folder) => setEnv(folder, "AGENT_IDENTIFIER", "cd".repeat(60)),
      line: /no registry entry for AGENT_IDENTIFIER: run register/,
    },
    {
      name: "a payment source index the registration does not list",
      check: "payment-source",
      spoil: (folder) => setEnv(folder, "PAYMENT_SOURCE_INDEX", "3"),
      line: /PAYMENT_SOURCE_INDEX 3 is not advertised by this agent/,
    },
    {
      name: "a loopback apiBaseUrl without the flag",
      check: "availability",
      spoil: async () => {},
      allowLoopback: false,
      line: /registered apiBaseUrl http:\/\/127\.0\.0\.1:\d+ is a loopback address .*--allow-loopback/,
    },
  ];
  for (const example of blocking) {
    it(`blocks on ${example.name} (${example.check}), and only there`, async () => {
      const { folder } = await registeredProject();
      await example.spoil(folder, agent.url);
      const { outcome, failed } = await doctorOf(folder, example.allowLoopback ?? true);
      expect(outcome).toBe("blocked");
      expect(failed).toEqual([expect.stringMatching(new RegExp(`^✖ ${example.check}: `))]);
      expect(failed[0]).toMatch(example.line);
    });
  }

  /** Seeds a lovelace low-balance rule on every selling wallet: it last saw `lovelace`, warns below 5 ADA. */
  const watchedBalance = (lovelace: string) => (seed: SimulatorSeed) => {
    for (const source of seed.paymentSources) {
      source.sellingWallet.lowBalanceRules = [
        {
          id: "ada-rule",
          assetUnit: "lovelace",
          thresholdAmount: "5000000",
          lastKnownAmount: lovelace,
          lastCheckedAt: new Date(),
        },
      ];
    }
  };
  /** The balance check's lines (only its lines are indented notes). */
  const balanceLines = (lines: string[]) => lines.filter((line) => /^(. balance: |  )/.test(line));
  const WALLET = "selling wallet addr_test1\\w+";

  it("shows the selling wallet's balance and exits 0 when it is funded", async () => {
    const { folder } = await registeredProject(startSim({}, watchedBalance("120500000")));
    const { outcome, lines } = await doctorOf(folder);
    expect(outcome).toBe("clear");
    expect(balanceLines(lines)).toEqual([
      expect.stringMatching(/^✔ balance: /),
      expect.stringMatching(
        new RegExp(`^  ${WALLET} holds 120\\.5 ADA \\(its low-balance rule warns below 5 ADA\\)$`),
      ),
    ]);
  });

  it("warns of a low balance without blocking: exit 0", async () => {
    const { folder } = await registeredProject(startSim({}, watchedBalance("3200000")));
    const { outcome, lines, failed } = await doctorOf(folder);
    expect(failed).toEqual([]);
    expect(outcome).toBe("clear");
    expect(balanceLines(lines)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^! balance: ${WALLET} holds 3\\.2 ADA, below the 5 ADA of its low-balance rule: .*top it up$`,
        ),
      ),
    ]);
    expect(lines.at(-1)).toBe("Nothing blocks a paid job.");
  });

  it("says so where the service reports no balance, without failing", async () => {
    const { folder } = await registeredProject();
    const { outcome, lines } = await doctorOf(folder);
    expect(outcome).toBe("clear");
    expect(balanceLines(lines)).toEqual([
      expect.stringMatching(/^✔ balance: /),
      expect.stringMatching(
        new RegExp(`^  ${WALLET}: the payment service reports no balance for it`),
      ),
    ]);
  });

  it("blocks while the agent is down", async () => {
    const down = await startServedAgent();
    const sim = await startSim();
    const folder = await project(sim, listingOf(down.url));
    await register(folder.options(), recordingTerminal());
    await down.stop();
    const { outcome, failed } = await doctorOf(folder);
    expect(outcome).toBe("blocked");
    expect(failed).toEqual([
      expect.stringMatching(
        /^✖ availability: GET http:\/\/127\.0\.0\.1:\d+\/availability could not be reached/,
      ),
    ]);
  });
});

describe("registry status, update, deregister", () => {
  it("status shows the entry of AGENT_IDENTIFIER", async () => {
    const { folder, identifier } = await registeredProject();
    const terminal = recordingTerminal();
    await registryStatus({ envFile: folder.envFile }, terminal);
    expect(terminal.lines).toEqual([
      expect.stringMatching(/^Word Counter \(entry \w+\) on Preprod$/),
      "  state            RegistrationConfirmed",
      `  agentIdentifier  ${identifier}`,
      `  apiBaseUrl       ${agent.url}`,
      expect.stringMatching(/^  updated          \d{4}-/),
    ]);
  });

  it("status refuses without AGENT_IDENTIFIER", async () => {
    const sim = await startSim();
    const folder = await project(sim, listingOf(agent.url), { AGENT_IDENTIFIER: undefined });
    const error = await registryStatus({ envFile: folder.envFile }, recordingTerminal()).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Refusal).lines).toEqual([
      expect.stringMatching(/AGENT_IDENTIFIER is not set in .*: run register first/),
    ]);
  });

  it("update sends the listing's new values and writes the new V2 identifier into .env", async () => {
    const { sim, folder, identifier } = await registeredProject();
    const { writeFile } = await import("node:fs/promises");
    await writeFile(
      folder.listingFile,
      JSON.stringify({ ...listingOf(agent.url), description: "Counts words, faster." }),
    );
    const terminal = recordingTerminal();
    await registryUpdate(folder.options(), terminal);
    const update = registryWrites(sim).find((call) => call.path === "/api/v1/registry/update");
    expect(update?.body).toMatchObject({
      agentIdentifier: identifier,
      description: "Counts words, faster.",
    });
    const updated = /^AGENT_IDENTIFIER=(\w+)$/m.exec(await folder.env())![1];
    expect(updated).toMatch(/^[0-9a-f]{120}$/);
    expect(updated).not.toBe(identifier);
    expect(terminal.lines).toContainEqual(expect.stringMatching(/: UpdateConfirmed$/));
  });

  it("an update that times out is followed to its new identifier by running register again", async () => {
    // Registry steps only by the admin route here.
    const sim = await startSim({ registrationStepMs: undefined });
    const folder = await project(sim, listingOf(agent.url));
    await expect(
      register(folder.options({ timeoutMs: 200 }), recordingTerminal()),
    ).rejects.toBeInstanceOf(Stopped);
    const entryId = (await registryEntryOf(sim))!.id;
    sim.simulateRegistration(entryId, "registration-initiated", "ab".repeat(60));
    sim.simulateRegistration(entryId, "registration-confirmed");
    await register(folder.options(), recordingTerminal());
    expect(await folder.env()).toContain(`AGENT_IDENTIFIER=${"ab".repeat(60)}\n`);

    const stopped = await registryUpdate(
      folder.options({ timeoutMs: 200 }),
      recordingTerminal(),
    ).catch((error: unknown) => error);
    expect((stopped as Stopped).lines).toEqual([
      expect.stringMatching(
        /^Still UpdateRequested after the timeout; .*run register to follow it and write its new identifier/,
      ),
    ]);
    sim.simulateRegistration(entryId, "update-confirmed", "cd".repeat(60));
    await register(folder.options(), recordingTerminal());
    expect(await folder.env()).toContain(`AGENT_IDENTIFIER=${"cd".repeat(60)}\n`);
    expect(registryWrites(sim).map((call) => call.path)).toEqual([
      "/api/v1/registry",
      "/api/v1/registry/update",
    ]);
  });

  it("deregister asks first (a no sends nothing), then with --yes burns the entry", async () => {
    const { sim, folder } = await registeredProject();
    const asked = recordingTerminal({ interactive: true, answer: false });
    await expect(
      registryDeregister({ envFile: folder.envFile, yes: false, timeoutMs: 5_000 }, asked),
    ).rejects.toBeInstanceOf(Stopped);
    expect(asked.questions).toEqual([expect.stringMatching(/^Deregister "Word Counter"/)]);
    expect(
      registryWrites(sim).filter((call) => call.path === "/api/v1/registry/deregister"),
    ).toEqual([]);

    const terminal = recordingTerminal();
    await registryDeregister({ envFile: folder.envFile, yes: true, timeoutMs: 5_000 }, terminal);
    expect(terminal.lines).toContainEqual(expect.stringMatching(/: DeregistrationConfirmed$/));
    const status = recordingTerminal();
    await registryStatus({ envFile: folder.envFile }, status);
    expect(status.lines[1]).toBe("  state            DeregistrationConfirmed");
    expect((await doctorOf(folder)).failed).toEqual([
      expect.stringMatching(
        /^✖ registry-entry: the registry entry is DeregistrationConfirmed: run register again/,
      ),
    ]);
  });

  it("update refuses a V1 registration, says what to do instead, and sends nothing", async () => {
    const { sim, folder } = await registeredV1Project();
    const before = await folder.env();
    const callsBefore = sim.calls().length;
    const error = await registryUpdate(folder.options(), recordingTerminal()).catch(
      (caught: unknown) => caught,
    );
    // Refused before the pre-flight: only the lookup of the entry reached the service.
    expect(sim.calls().slice(callsBefore).map((call) => `${call.method} ${call.path}`)).toEqual([
      "GET /api/v1/registry",
    ]);
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Refusal).lines).toEqual([
      "registry update is for Web3CardanoV2 sources only: on V1, deregister and register again",
    ]);
    expect(registryWrites(sim).map((call) => call.path)).toEqual(["/api/v1/registry"]);
    expect(await folder.env()).toBe(before);
  });

  it("deregisters a V1 registration: refuses without a terminal or --yes, asks, then burns it", async () => {
    const { sim, folder, identifier } = await registeredV1Project();
    const deregister = (yes: boolean, terminal: RecordingTerminal) =>
      registryDeregister({ envFile: folder.envFile, yes, timeoutMs: 5_000 }, terminal);
    const deregistrations = () =>
      registryWrites(sim).filter((call) => call.path === "/api/v1/registry/deregister");

    const refused = await deregister(false, recordingTerminal()).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(Refusal);
    expect((refused as Refusal).lines).toEqual([
      `not asking whether to deregister "Word Counter" (${identifier}) on Preprod: buyers can no longer pay it: ` +
        "this is not a terminal; pass --yes to go ahead",
    ]);
    const declined = recordingTerminal({ interactive: true, answer: false });
    await expect(deregister(false, declined)).rejects.toBeInstanceOf(Stopped);
    expect(declined.questions).toEqual([
      `Deregister "Word Counter" (${identifier}) on Preprod: buyers can no longer pay it?`,
    ]);
    expect(deregistrations()).toEqual([]);

    const terminal = recordingTerminal({ interactive: true, answer: true });
    await deregister(false, terminal);
    expect(deregistrations().map((call) => call.body)).toEqual([
      { network: "Preprod", agentIdentifier: identifier },
    ]);
    expect(terminal.lines).toContainEqual(expect.stringMatching(/: DeregistrationConfirmed$/));
    // As recorded: DeregistrationConfirmed, the burn confirmed, listed under filterStatus=Deregistered.
    expect(await registryEntryOf(sim, "filterStatus=Deregistered")).toMatchObject({
      state: "DeregistrationConfirmed",
      agentIdentifier: identifier,
      CurrentTransaction: { status: "Confirmed" },
    });
  });
});
