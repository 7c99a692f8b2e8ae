/** The registry routes beyond what registry.jsonl shows: the default profile, timed steps, payments. */
import { describe, expect, it } from "vitest";
import { DEFAULT_AGENT_IDENTIFIER } from "../../packages/masumi-agent/src/payment-sim/index.js";
import { call, createPayment, paymentBody, startSim, waitUntil } from "./helpers.js";

async function sellingWalletVkey(sim: Awaited<ReturnType<typeof startSim>>): Promise<string> {
  const wallets = await call(sim, "GET", "/api/v1/wallet/list?walletType=Selling");
  const sources = await call(sim, "GET", "/api/v1/payment-source");
  const preprod = sources.body.data.PaymentSources.find((source: { network: string }) => source.network === "Preprod");
  return wallets.body.data.Wallets.find((wallet: { paymentSourceId: string }) => wallet.paymentSourceId === preprod.id)
    .walletVkey;
}

async function registerV2(sim: Awaited<ReturnType<typeof startSim>>) {
  const sources = await call(sim, "GET", "/api/v1/payment-source");
  const preprod = sources.body.data.PaymentSources.find((source: { network: string }) => source.network === "Preprod");
  const answer = await call(sim, "POST", "/api/v1/registry", {
    body: {
      network: "Preprod",
      sellingWalletVkey: await sellingWalletVkey(sim),
      name: "Second Agent",
      description: "registered in a test",
      apiBaseUrl: "https://agent.example.com",
      Capability: { name: "echo", version: "1.0.0" },
      Author: { name: "Tester" },
      Tags: ["test"],
      ExampleOutputs: [],
      supportedPaymentSources: [
        {
          chain: "Cardano",
          network: "Preprod",
          paymentSourceType: "Web3CardanoV2",
          address: preprod.smartContractAddress,
          pricing: { pricingType: "Fixed", fixed: [{ asset: "", amount: "3000000" }] },
        },
      ],
    },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.data;
}

describe("registry", () => {
  it("holds the default profile's agent as registered, so its on-chain metadata can be looked up", async () => {
    const sim = await startSim();
    const lookup = await call(
      sim,
      "GET",
      `/api/v1/registry/agent-identifier?agentIdentifier=${sim.env.AGENT_IDENTIFIER}&network=Preprod`,
    );
    expect(lookup.status).toBe(200);
    expect(lookup.body.data).toMatchObject({
      agentIdentifier: DEFAULT_AGENT_IDENTIFIER,
      Metadata: {
        metadataVersion: 2,
        supportedPaymentSources: [{ paymentSourceType: "Web3CardanoV2", pricing: { pricingType: "Fixed" } }],
      },
    });
    const listed = await call(
      sim,
      "GET",
      "/api/v1/registry?network=Preprod&filterStatus=Registered&filterPaymentSourceType=Web3CardanoV2",
    );
    expect(listed.body.data.Assets.map((asset: { agentIdentifier: string }) => asset.agentIdentifier)).toEqual([
      DEFAULT_AGENT_IDENTIFIER,
    ]);
    const v1 = await startSim({ sourceType: "Web3CardanoV1" });
    const v1Lookup = await call(
      v1,
      "GET",
      `/api/v1/registry/agent-identifier?agentIdentifier=${v1.env.AGENT_IDENTIFIER}&network=Preprod`,
    );
    expect(v1Lookup.body.data.Metadata).toMatchObject({ metadataVersion: 1, AgentPricing: { pricingType: "Fixed" } });
  });

  it("registers on the default V2 source: RegistrationRequested without an identifier, then minted by the admin route", async () => {
    const sim = await startSim();
    const entry = await registerV2(sim);
    expect(entry).toMatchObject({ state: "RegistrationRequested", agentIdentifier: null, CurrentTransaction: null });

    const initiated = await call(sim, "POST", `/admin/registry/${entry.id}/simulate`, {
      body: { step: "registration-initiated" },
    });
    expect(initiated.body.data).toMatchObject({
      state: "RegistrationInitiated",
      CurrentTransaction: { status: "Pending" },
    });
    const agentIdentifier: string = initiated.body.data.agentIdentifier;
    // The V2 asset name: "10", 28 bytes of hash, "000000" after the source's policy id.
    expect(agentIdentifier).toMatch(new RegExp(`^${DEFAULT_AGENT_IDENTIFIER.slice(0, 56)}10[0-9a-f]{56}000000$`));
    const confirmed = await call(sim, "POST", `/admin/registry/${entry.id}/simulate`, {
      body: { step: "registration-confirmed" },
    });
    expect(confirmed.body.data).toMatchObject({
      state: "RegistrationConfirmed",
      CurrentTransaction: { status: "Confirmed" },
    });
    const again = await call(sim, "POST", `/admin/registry/${entry.id}/simulate`, {
      body: { step: "registration-confirmed" },
    });
    expect(again.status).toBe(409);

    // Minted, the agent can be paid at its own price.
    const payment = await createPayment(sim, { agentIdentifier });
    expect(payment).toMatchObject({ agentName: "Second Agent", RequestedFunds: [{ amount: "3000000", unit: "" }] });
    const metadata = await call(
      sim,
      "GET",
      `/api/v1/registry/agent-identifier?agentIdentifier=${agentIdentifier}&network=Preprod`,
    );
    expect(metadata.body.data.Metadata).toMatchObject({ name: "Second Agent", metadataVersion: 2 });
  });

  it("moves registrations and deregistrations on by themselves with registrationStepMs", async () => {
    const sim = await startSim({ registrationStepMs: 5 });
    const entry = await registerV2(sim);
    const stateOf = async () =>
      (
        await call(sim, "GET", "/api/v1/registry?network=Preprod&filterPaymentSourceType=Web3CardanoV2")
      ).body.data.Assets.find((asset: { id: string }) => asset.id === entry.id);
    await waitUntil(async () => (await stateOf()).state === "RegistrationConfirmed");
    const { agentIdentifier } = await stateOf();
    const deregistered = await call(sim, "POST", "/api/v1/registry/deregister", {
      body: { network: "Preprod", agentIdentifier },
    });
    expect(deregistered.body.data.state).toBe("DeregistrationRequested");
    await waitUntil(async () => (await stateOf()).state === "DeregistrationConfirmed");
    // Burned: no longer payable, and now it may be deleted.
    const payment = await call(sim, "POST", "/api/v1/payment", {
      body: paymentBody({ agentIdentifier }),
    });
    expect(payment.status).toBe(500);
    expect(payment.body.error.message).toBe("Error fetching asset in wallet");
    expect((await call(sim, "DELETE", "/api/v1/registry", { body: { id: entry.id } })).status).toBe(200);
    expect(await stateOf()).toBeUndefined();
  });
});
