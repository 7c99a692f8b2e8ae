import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inputSchema, MAX_BODY_BYTES, type Running } from "./agent.ts";

const JSON_TYPE = { "content-type": "application/json" };

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(base + path, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text),
  };
}

function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return call(base, path, {
    method: "POST",
    headers: { ...JSON_TYPE, ...headers },
    body: JSON.stringify(body),
  });
}

/** Polls /status until the job's status is one of `statuses`. */
async function statusOf(base: string, jobId: string, statuses: string[]): Promise<Answer> {
  for (;;) {
    const answer = await call(base, `/status?job_id=${jobId}`);
    if (answer.status !== 200 || statuses.includes(String(answer.body.status))) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends a body in chunks, without Content-Length, so that its size is known only as it is read. */
function postChunked(base: string, path: string, chunks: string[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(base + path, { method: "POST", headers: JSON_TYPE }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        const headers = new Headers(response.headers as Record<string, string>);
        resolve({
          status: response.statusCode ?? 0,
          headers,
          body: JSON.parse(text),
        });
      });
    });
    // The server may answer 413 and close before every chunk is sent.
    request.on("error", reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

/** Sends `bytes` as they are and reads the answer until the server closes the connection. */
function sendRaw(base: string, bytes: string): Promise<{ head: string; body: unknown }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", body = ""] = text.split("\r\n\r\n", 2);
      resolve({ head, body: JSON.parse(body) });
    });
  });
}

export interface SuiteOptions {
  /**
   * The endpoints are mounted into an existing app whose own GET /hello answers `hello` and whose
   * middleware sets X-Served-By to `servedBy` before any handler runs.
   */
  mounted?: { hello: unknown; servedBy: string };
  /** Served by node:http on Node, whose refusals before any app sees a request are JSON too. */
  nodeHttp?: boolean;
}

/**
 * The six endpoints and the plumbing of one adapter, over real HTTP, on the echo agent that
 * `start` serves.
 */
export function describeEndpoints(
  name: string,
  start: () => Promise<Running>,
  { mounted, nodeHttp }: SuiteOptions = {},
): void {
  describe(name, () => {
    let agent: Running;
    let base: string;
    beforeAll(async () => {
      agent = await start();
      base = agent.url;
    });
    afterAll(() => agent.close());

    it("starts a job and answers its status, up to the result", async () => {
      const started = await post(base, "/start_job", {
        identifier_from_purchaser: "buyer-1",
        input_data: { text: "hello" },
      });
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({
        status: "running",
        payment_id: `free_${started.body.job_id}`,
      });
      const done = await statusOf(base, String(started.body.job_id), ["completed", "failed"]);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        status: "completed",
        result: "echo: hello",
      });
    });

    it("takes the input a job awaits through /provide_input", async () => {
      const started = await post(base, "/start_job", {
        identifier_from_purchaser: "buyer-2",
        input_data: { text: "ask" },
      });
      const jobId = String(started.body.job_id);
      const waiting = await statusOf(base, jobId, ["awaiting_input", "completed", "failed"]);
      expect(waiting.body.status).toBe("awaiting_input");
      const provided = await post(base, "/provide_input", {
        job_id: jobId,
        status_id: waiting.body.id,
        input_data: { approve: true },
      });
      expect(provided.status).toBe(200);
      expect(provided.body).toEqual({
        input_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        signature: expect.any(String),
      });
      const done = await statusOf(base, jobId, ["completed", "failed"]);
      expect(done.body).toMatchObject({
        status: "completed",
        result: "approved",
      });
    });

    it("answers /availability, /input_schema and /demo", async () => {
      const availability = await call(base, "/availability");
      expect(availability.status).toBe(200);
      expect(availability.body).toMatchObject({
        status: "available",
        type: "masumi-agent",
      });
      const schema = await call(base, "/input_schema");
      expect(schema.status).toBe(200);
      expect(schema.body).toEqual(inputSchema);
      const demo = await call(base, "/demo");
      expect(demo.status).toBe(200);
      expect(demo.body).toEqual({
        input: { text: "hi" },
        output: { status: "completed", result: "echo: hi" },
      });
    });

    it("answers a wrong method on an endpoint's path with 405 and Allow", async () => {
      const get = await call(base, "/start_job");
      expect(get.status).toBe(405);
      expect(get.headers.get("allow")).toBe("POST");
      expect(get.body).toMatchObject({ error: "method_not_allowed" });
      const postStatus = await post(base, "/status", {});
      expect(postStatus.status).toBe(405);
      expect(postStatus.headers.get("allow")).toBe("GET");
    });

    it("refuses a body larger than MAX_BODY_BYTES with 413, declared or chunked", async () => {
      const big = {
        identifier_from_purchaser: "x".repeat(MAX_BODY_BYTES),
        input_data: {},
      };
      const declared = await post(base, "/start_job", big);
      expect(declared.status).toBe(413);
      expect(declared.body).toMatchObject({ error: "payload_too_large" });
      const chunked = await postChunked(base, "/start_job", [
        '{"identifier_from_purchaser":"',
        "y".repeat(MAX_BODY_BYTES),
        '"}',
      ]);
      expect(chunked.status).toBe(413);
      expect(chunked.body).toMatchObject({ error: "payload_too_large" });
    });

    it("refuses a body not sent as JSON with 415, and JSON that does not parse with 400", async () => {
      const text = await call(base, "/start_job", {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "hello",
      });
      expect(text.status).toBe(415);
      expect(text.body).toMatchObject({ error: "unsupported_media_type" });
      const broken = await call(base, "/start_job", {
        method: "POST",
        headers: JSON_TYPE,
        body: '{"identifier_from_purchaser": ',
      });
      expect(broken.status).toBe(400);
      expect(broken.body).toMatchObject({ error: "invalid_json" });
    });

    it("refuses input that fails the schema with 400 and a detail per field", async () => {
      const answer = await post(base, "/start_job", {
        identifier_from_purchaser: "buyer-3",
        input_data: { text: 42 },
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        error: "invalid_input",
        details: [{ field: "text" }],
      });
    });

    it("sends the caller's X-Request-Id back on every answer, or one of its own", async () => {
      const id = { "x-request-id": "caller-id-1" };
      expect((await call(base, "/availability", { headers: id })).headers.get("x-request-id")).toBe(
        "caller-id-1",
      );
      const refused = await post(base, "/start_job", { input_data: { text: 1 } }, id);
      expect(refused.status).toBe(400);
      expect(refused.headers.get("x-request-id")).toBe("caller-id-1");
      const wrongMethod = await call(base, "/status", {
        method: "DELETE",
        headers: id,
      });
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get("x-request-id")).toBe("caller-id-1");
      const own = await call(base, "/availability", {
        headers: { "x-request-id": "has space" },
      });
      expect(own.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });

    if (nodeHttp) {
      it("answers what Node's parser refuses as JSON: 431 for large headers, 400 for non-HTTP", async () => {
        const large = await sendRaw(
          base,
          `GET /availability HTTP/1.1\r\nHost: x\r\nX-Large: ${"a".repeat(20_000)}\r\n\r\n`,
        );
        expect(large.head).toMatch(/^HTTP\/1\.1 431 /);
        expect(large.body).toMatchObject({ error: "headers_too_large" });
        const garbage = await sendRaw(base, "NOT HTTP AT ALL\r\n\r\n");
        expect(garbage.head).toMatch(/^HTTP\/1\.1 400 /);
        expect(garbage.body).toMatchObject({ error: "invalid_request" });
      });
    }

    if (mounted) {
      it("leaves the app's own route to the app", async () => {
        const hello = await call(base, "/hello");
        expect(hello.status).toBe(200);
        expect(hello.body).toEqual(mounted.hello);
      });

      it("keeps the headers the app's middleware sets, on answers and refusals", async () => {
        const caller = { "x-request-id": "caller-id-3" };
        const answers = [
          await call(base, "/availability", { headers: caller }),
          await post(base, "/start_job", { identifier_from_purchaser: "buyer-9" }, caller),
        ];
        expect(answers.map((answer) => answer.status)).toEqual([200, 400]);
        for (const answer of answers) {
          expect(answer.headers.get("x-served-by")).toBe(mounted.servedBy);
          expect(answer.headers.get("x-request-id")).toBe("caller-id-3");
        }
      });
    } else {
      it("answers an unknown path with a JSON 404, a case-changed one too", async () => {
        for (const path of ["/nope", "/Status"]) {
          const answer = await call(base, path, {
            headers: { "x-request-id": "caller-id-2" },
          });
          expect(answer.status).toBe(404);
          expect(answer.body).toMatchObject({ error: "not_found" });
          expect(answer.headers.get("x-request-id")).toBe("caller-id-2");
        }
      });

      it("takes a trailing slash on an endpoint's path", async () => {
        expect((await call(base, "/availability/")).status).toBe(200);
      });
    }
  });
}
