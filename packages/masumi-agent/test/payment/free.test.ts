import { afterAll, beforeAll, expect, it } from "vitest";
import { inputHash } from "../../src/jobs/hash.ts";
import { startServedAgent, type ServedAgent } from "../helpers/served-agent.ts";
import { describeEachStore } from "../helpers/stores.ts";

await describeEachStore("free jobs", (store) => {
  let agent: ServedAgent;

  beforeAll(async () => {
    agent = await startServedAgent({ store, payment: "free" });
  });

  afterAll(async () => {
    await agent.stop();
  });

  it("start without identifier_from_purchaser and answer no payment terms", async () => {
    const input = { text: "free as in beer" };
    const { status, body } = await agent.post("/start_job", {
      input_data: input,
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      [
        "id",
        "identifierFromPurchaser",
        "inputHash",
        "input_hash",
        "job_id",
        "payment_id",
        "status",
      ].sort(),
    );
    // The first version of the API requires a payment_id; a free job names no payment.
    expect(body.payment_id).toBe(`free_${body.id}`);
    expect(body.status).toBe("running");
    expect(body.identifierFromPurchaser).toMatch(/^[0-9a-f]{16}$/);
    expect(body.input_hash).toBe(
      inputHash(body.identifierFromPurchaser, input),
    );
    await agent.waitForStatus(body.id, "completed");
  });

  it("use the purchaser's identifier when there is one", async () => {
    const { body } = await agent.post("/start_job", {
      identifier_from_purchaser: "buyer-42",
      input_data: { text: "x" },
    });
    expect(body.identifierFromPurchaser).toBe("buyer-42");
  });

  it("are not mistaken for paid ones by /availability", async () => {
    const { body } = await agent.get("/availability");
    expect(body.message).toContain("free");
  });
});
