import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curlCommand, shellWord } from "../../packages/masumi-agent/src/check/curl.js";

/** The reproduction lines are real shell: run them and compare with what was meant. */
describe("reproduce with curl", () => {
  it.each([
    ["plain", "hello"],
    ["quotes", `it's "quoted" and $HOME \`not run\``],
    ["newlines and unicode", "line1\nline2 é✓"],
    ["a 10,000-character run", `id=${"x".repeat(10_000)}&end`],
    ["empty", ""],
  ])("shellWord keeps %s intact", async (_, text) => {
    const word = shellWord(text);
    expect(word.length).toBeLessThan(400);
    const { stdout } = await execa("sh", ["-c", `printf '%s' ${word}`], { stripFinalNewline: false });
    expect(stdout).toBe(text);
  });

  describe("against a server that echoes requests", () => {
    let url: string;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString();
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(
            JSON.stringify({
              method: req.method,
              url: req.url,
              token: req.headers.token,
              type: req.headers["content-type"],
              length: body.length,
              start: body.slice(0, 30),
            }),
          );
      });
    });
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const run = async (command: string) => {
      const { stdout } = await execa("sh", ["-c", command]);
      return JSON.parse(stdout.slice(stdout.indexOf("{"))) as Record<string, unknown>;
    };

    it("sends the same GET, query and headers", async () => {
      const command = curlCommand({
        method: "GET",
        url: `${url}/status?job_id=%27+OR+1%3D1--`,
        headers: { token: "s3cr'et" },
      });
      expect(await run(command)).toMatchObject({
        method: "GET",
        url: "/status?job_id=%27+OR+1%3D1--",
        token: "s3cr'et",
      });
    });

    it("sends the same POST body, also a 1 MB one (through stdin)", async () => {
      const body = JSON.stringify({ identifier_from_purchaser: "ab", padding: "x".repeat(1024 * 1024) });
      const command = curlCommand({
        method: "POST",
        url: `${url}/start_job`,
        headers: { "content-type": "application/json" },
        body,
      });
      expect(command.length).toBeLessThan(400);
      expect(await run(command)).toMatchObject({
        method: "POST",
        type: "application/json",
        length: body.length,
        start: body.slice(0, 30),
      });
    });

    it("sends a body that starts with @ as text, not as a file name", async () => {
      const command = curlCommand({
        method: "POST",
        url,
        headers: { "content-type": "text/plain" },
        body: "@/etc/passwd",
      });
      expect(await run(command)).toMatchObject({ length: 12, start: "@/etc/passwd" });
    });
  });
});
