import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobReply } from "../src/api.ts";
import { inputHash } from "../src/jobs/hash.ts";
import { schemaProblems } from "../src/jobs/schema.ts";
import type { Agent } from "../src/jobs/types.ts";
import { createLogger } from "../src/log.ts";
import type { PaymentInfo } from "../src/payment/payment.ts";
import { newJob, PURCHASER, wordsAgent } from "./helpers/agents.ts";
import {
  startJob,
  startServedAgent,
  type ServedAgent,
  type ServedAgentOptions,
} from "./helpers/served-agent.ts";
import { describeEachStore } from "./helpers/stores.ts";

// The six endpoints over HTTP (masumi-agent/hono on node:http), on each store, free and paid.

const VALID_JOB = {
  identifier_from_purchaser: PURCHASER,
  input_data: { text: "hello" },
};

for (const payment of ["free", "simulated"] as const) {
  await describeEachStore(`the API, ${payment} jobs`, (store) => {
    const startTestAgent = (options: ServedAgentOptions = {}) =>
      startServedAgent({ store, payment, ...options });
    let agent: ServedAgent;

    beforeAll(async () => {
      agent = await startTestAgent();
    });

    afterAll(async () => {
      await agent.stop();
    });

    describe("GET /availability", () => {
      it("says the agent is available", async () => {
        const { status, body } = await agent.get("/availability");
        expect(status).toBe(200);
        expect(body).toMatchObject({
          status: "available",
          type: "masumi-agent",
        });
        expect(Number.isInteger(body.uptime)).toBe(true);
        expect(typeof body.message).toBe("string");
      });
    });

    describe("GET /input_schema", () => {
      it("serves the agent's schema, which a marketplace accepts", async () => {
        const { status, body } = await agent.get("/input_schema");
        expect(status).toBe(200);
        expect(body).toEqual(wordsAgent.inputSchema);
        expect(schemaProblems(body)).toEqual([]);
      });
    });

    describe("GET /demo", () => {
      it("serves an example input and output", async () => {
        const { status, body } = await agent.get("/demo");
        expect(status).toBe(200);
        expect(body.input).toBeTypeOf("object");
        expect(body.output.result).toBeTypeOf("string");
      });
    });

    describe("errors", () => {
      it("answers unknown paths with JSON 404", async () => {
        const { status, body } = await agent.get("/nothing/here");
        expect(status).toBe(404);
        expect(body).toEqual({
          error: "not_found",
          message: expect.any(String),
        });
      });

      it("answers a wrong method with 405 and the allowed one", async () => {
        const response = await fetch(`${agent.url}/start_job`);
        expect(response.status).toBe(405);
        expect(response.headers.get("allow")).toBe("POST");
        expect(await response.json()).toMatchObject({
          error: "method_not_allowed",
        });
      });

      it.each([
        ["invalid JSON", "{oops", "invalid_json"],
        ["an empty body", "", "invalid_json"],
        ["an array", "[1, 2]", "invalid_request"],
        ["a string", '"text"', "invalid_request"],
        ["null", "null", "invalid_request"],
      ])("refuses %s as a body with 400", async (_, body, code) => {
        for (const path of ["/start_job", "/provide_input"]) {
          const reply = await agent.post(path, body);
          expect(reply.status).toBe(400);
          expect(reply.body).toEqual({
            error: code,
            message: expect.any(String),
          });
        }
      });

      it.each([
        ["text/plain", "text/plain"],
        ["a form", "application/x-www-form-urlencoded"],
        ["no content type", undefined],
      ])("refuses a valid job sent as %s with 415", async (_, contentType) => {
        const response = await fetch(`${agent.url}/start_job`, {
          method: "POST",
          // Without a Content-Type of its own, fetch would label a string body text/plain.
          headers: contentType ? { "content-type": contentType } : {},
          body: contentType
            ? JSON.stringify(VALID_JOB)
            : new Blob([JSON.stringify(VALID_JOB)]),
        });
        expect(response.status).toBe(415);
        expect(await response.json()).toEqual({
          error: "unsupported_media_type",
          message: expect.any(String),
        });
      });

      it("accepts application/json with a charset", async () => {
        const response = await fetch(`${agent.url}/start_job`, {
          method: "POST",
          headers: { "content-type": "Application/JSON; charset=utf-8" },
          body: JSON.stringify(VALID_JOB),
        });
        expect(response.status).toBe(200);
      });

      it("refuses bodies over 1 MB with 413", async () => {
        const text = "x".repeat(1024 * 1024 + 1);
        const { status, body } = await agent.post("/start_job", {
          input_data: { text },
        });
        expect(status).toBe(413);
        expect(body.error).toBe("payload_too_large");
      });

      it("takes its body limit from MAX_BODY_BYTES", async () => {
        const small = await startTestAgent({ env: { MAX_BODY_BYTES: "2048" } });
        try {
          const job = (text: string) => ({
            ...VALID_JOB,
            input_data: { text },
          });
          expect(
            (await small.post("/start_job", job("x".repeat(1900)))).status,
          ).toBe(200);
          const { status, body } = await small.post(
            "/start_job",
            job("x".repeat(2100)),
          );
          expect(status).toBe(413);
          expect(body.message).toBe(
            "The request body is larger than 2048 bytes",
          );
        } finally {
          await small.stop();
        }
      });

      it("never answers bad input with a 5xx", async () => {
        const bodies = [
          {},
          { input_data: 5 },
          { input_data: { text: ["a"] } },
          { identifier_from_purchaser: {}, input_data: { text: "a" } },
          { identifier_from_purchaser: PURCHASER, input_data: [{ key: 1 }] },
          {
            identifier_from_purchaser: PURCHASER,
            input_data: { text: "a", keywords: "many" },
          },
        ];
        for (const body of bodies) {
          const reply = await agent.post("/start_job", body);
          expect(reply.status).toBe(400);
          expect(reply.body.error).toMatch(/^invalid_/);
        }
        const answers = [
          {},
          { job_id: 5, input_schema_hash: "ab".repeat(32), input_data: {} },
          { job_id: "x", input_schema_hash: 5, input_data: {} },
          { job_id: "x", input_schema_hash: { a: 1 }, input_data: {} },
          { job_id: "x", input_schema_hash: ["ab".repeat(32)], input_data: {} },
          { job_id: "x", status_id: true, input_data: {} },
        ];
        for (const body of answers) {
          const reply = await agent.post("/provide_input", body);
          expect(reply.status, JSON.stringify(body)).toBe(400);
          expect(reply.body.error).toBe("invalid_request");
        }
      });
    });

    describe("POST /start_job", () => {
      it("starts a job and answers its ids, status and input hash", async () => {
        const input = { text: "Hello, Masumi!" };
        const body = await startJob(agent, input);
        expect(body.id).toBeTypeOf("string");
        expect(body.job_id).toBe(body.id);
        expect(["awaiting_payment", "running"]).toContain(body.status);
        expect(body.identifierFromPurchaser).toBe(PURCHASER);
        expect(body.input_hash).toBe(inputHash(PURCHASER, input));
        // The official Python SDK answers it in camel case; both clients find theirs.
        expect(body.inputHash).toBe(body.input_hash);
      });

      it("refuses, when paid, identifiers the payment service would refuse, saying the rule", async () => {
        const refused = {
          "odd length": "a1b2c3d4e5f6071",
          "too short": "a1b2c3d4e5f6",
          "too long": "ab".repeat(14),
          "not hex": "g1b2c3d4e5f60718",
          "a number": 1234567890123456,
        };
        for (const [why, identifier] of Object.entries(refused)) {
          const reply = await agent.post("/start_job", {
            identifier_from_purchaser: identifier,
            input_data: { text: "hello" },
          });
          if (agent.app.payment.requiresPayment) {
            expect(reply.status, why).toBe(400);
            expect(reply.body.error).toBe("invalid_identifier");
            expect(reply.body.message).toMatch(/hex.*even length.*14 to 26/);
          } else if (typeof identifier === "string") {
            // Free jobs have no payment service to satisfy: any short string will do.
            expect(reply.status, why).toBe(200);
          }
        }
        for (const identifier of ["ab".repeat(7), "AB".repeat(13)]) {
          const body = await startJob(agent, { text: "hello" }, identifier);
          expect(body.identifierFromPurchaser).toBe(identifier);
        }
      });

      it("answers the payment source of payments that have one", () => {
        const payment: PaymentInfo = {
          blockchainIdentifier: "block-1",
          payByTime: 1,
          submitResultTime: 2,
          unlockTime: 3,
          externalDisputeUnlockTime: 4,
          agentIdentifier: "agent-1",
          sellerVKey: "vkey-1",
        };
        const v2: PaymentInfo = {
          ...payment,
          paymentSourceType: "Web3CardanoV2",
          supportedPaymentSourceIndex: 3,
        };
        expect(startJobReply(newJob({ payment: v2 }))).toMatchObject({
          paymentSourceType: "Web3CardanoV2",
          supportedPaymentSourceIndex: 3,
          blockchainIdentifier: "block-1",
          payment_id: "block-1",
        });
        const v1 = startJobReply(newJob({ payment }));
        expect(v1).not.toHaveProperty("paymentSourceType");
        expect(v1).not.toHaveProperty("supportedPaymentSourceIndex");
      });

      it("refuses input that does not match the schema, one detail per field", async () => {
        const { status, body } = await agent.post("/start_job", {
          identifier_from_purchaser: PURCHASER,
          input_data: { text: "", task: ["translate"], keywords: 99 },
        });
        expect(status).toBe(400);
        expect(body.error).toBe("invalid_input");
        expect(
          body.details.map((detail: { field: string }) => detail.field),
        ).toEqual(["text", "task", "keywords"]);
      });

      it("takes input_data as a string, filling the one required text field", async () => {
        const body = await startJob(agent, "One sentence. And another one!");
        expect(body.input_hash).toBe(
          inputHash(PURCHASER, { text: "One sentence. And another one!" }),
        );
        const done = await agent.waitForStatus(body.id, "completed");
        expect(done.result).toContain("Sentences: 2");
      });

      it("takes input_data as a list of key/value pairs", async () => {
        const body = await startJob(agent, [
          { key: "text", value: "alpha beta alpha" },
          { key: "task", value: ["keywords"] },
          { key: "keywords", value: 1 },
        ]);
        const expected = {
          text: "alpha beta alpha",
          task: ["keywords"],
          keywords: 1,
        };
        expect(body.input_hash).toBe(inputHash(PURCHASER, expected));
        const done = await agent.waitForStatus(body.id, "completed");
        expect(done.result).toBe("1. alpha (2)");
      });

      it("keeps __proto__ and constructor keys as data", async () => {
        const raw = `{
      "identifier_from_purchaser": "${PURCHASER}",
      "input_data": {
        "text": "safe",
        "__proto__": { "polluted": true },
        "constructor": { "prototype": { "polluted": true } }
      }
    }`;
        const { status, body } = await agent.post("/start_job", raw);
        expect(status).toBe(200);
        expect(body.input_hash).toBe(
          inputHash(PURCHASER, JSON.parse(raw).input_data),
        );
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        await agent.waitForStatus(body.id, "completed");
      });
    });

    describe("GET /status", () => {
      it("answers a finished job with its result", async () => {
        const { id } = await startJob(agent, {
          text: "make me a title",
          task: ["upper"],
        });
        const done = await agent.waitForStatus(id, "completed");
        expect(done).toEqual({
          id: expect.any(String),
          job_id: id,
          status: "completed",
          result: "MAKE ME A TITLE",
        });
        expect(done.id).not.toBe(id);
      });

      it("also matches the path with a trailing slash", async () => {
        const { id } = await startJob(agent, { text: "slash" });
        const { status, body } = await agent.get(`/status/?job_id=${id}`);
        expect(status).toBe(200);
        expect(body.job_id).toBe(id);
      });

      it("answers 400 without a job_id and 404 for an unknown one", async () => {
        expect((await agent.get("/status")).status).toBe(400);
        const { status, body } = await agent.get("/status?job_id=no-such-job");
        expect(status).toBe(404);
        expect(body.error).toBe("job_not_found");
      });
    });

    describe("request ids", () => {
      const UUID =
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
      const json = { "content-type": "application/json" };

      async function requestId(
        path: string,
        init?: RequestInit,
      ): Promise<string | null> {
        const response = await fetch(`${agent.url}${path}`, init);
        await response.arrayBuffer();
        return response.headers.get("x-request-id");
      }

      it("answers every request with a new X-Request-Id, refusals included", async () => {
        const requests: [string, RequestInit?][] = [
          ["/availability"],
          ["/nothing/here"],
          ["/%zz"],
          ["/start_job"],
          ["/start_job", { method: "POST", headers: json, body: "{oops" }],
          [
            "/start_job",
            {
              method: "POST",
              headers: { "content-type": "text/plain" },
              body: "{}",
            },
          ],
          [
            "/start_job",
            {
              method: "POST",
              headers: json,
              body: "x".repeat(1024 * 1024 + 1),
            },
          ],
        ];
        const ids = new Set<string>();
        for (const [path, init] of requests) {
          const id = await requestId(path, init);
          expect(id, `${init?.method ?? "GET"} ${path}`).toMatch(UUID);
          ids.add(id ?? "");
        }
        expect(ids.size).toBe(requests.length);
      });

      it("keeps the caller's X-Request-Id when it is sane, and replaces an absurd one", async () => {
        for (const sane of ["trace-4bf92f3577b34da6", "x".repeat(128)]) {
          expect(
            await requestId("/availability", {
              headers: { "x-request-id": sane },
            }),
          ).toBe(sane);
        }
        for (const absurd of ["x".repeat(129), "two words"]) {
          const id = await requestId("/availability", {
            headers: { "x-request-id": absurd },
          });
          expect(id).toMatch(UUID);
        }
      });

      it("logs a request that fails with the id its answer carries", async () => {
        const lines: string[] = [];
        const log = createLogger({
          format: "json",
          write: (line) => lines.push(line),
        });
        // A demo that throws stands in for any bug of the agent's: its request fails with a bare 500.
        const broken: Agent = {
          inputSchema: wordsAgent.inputSchema,
          run: wordsAgent.run,
          get demo(): never {
            throw new Error("the demo broke");
          },
        };
        const brokenAgent = await startTestAgent({ agent: broken, log });
        try {
          const failed = await fetch(`${brokenAgent.url}/demo`);
          expect(failed.status).toBe(500);
          expect(await failed.json()).toEqual({
            error: "internal_error",
            message: expect.any(String),
          });
          const refused = await fetch(`${brokenAgent.url}/status`, {
            headers: { "x-request-id": "caller-id-1" },
          });
          expect(refused.status).toBe(400);
          expect(refused.headers.get("x-request-id")).toBe("caller-id-1");

          const entries = lines.map((line) => JSON.parse(line));
          expect(entries).toContainEqual(
            expect.objectContaining({
              level: "error",
              msg: "Request failed",
              requestId: failed.headers.get("x-request-id"),
              err: expect.objectContaining({ message: "the demo broke" }),
            }),
          );
          expect(entries).toContainEqual(
            expect.objectContaining({
              level: "info",
              requestId: "caller-id-1",
              status: 400,
            }),
          );
        } finally {
          await brokenAgent.stop();
        }
      });
    });
  });
}
