import { join } from "node:path";
import { execa } from "execa";
import { afterEach, expect, it } from "vitest";
import { latencyProbeEnv, takeServerLatency } from "../../bench/server-latency.js";
import { tempDir } from "../helpers/cli.js";

/** A node:http server that answers after `delayMs`, printing its port once it listens. */
const SERVER = `
  const server = require("node:http").createServer((request, response) =>
    setTimeout(() => response.end("ok"), Number(process.env.DELAY_MS)));
  server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

const children: { kill(): boolean }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

it("has a Node server time its own answers, and count again from each report", async () => {
  const file = join(await tempDir(), "latency.json");
  const child = execa(process.execPath, ["-e", SERVER], {
    env: { ...latencyProbeEnv(file), DELAY_MS: "30" },
    buffer: false,
    // Stopped by afterEach: its end by SIGTERM is no failure.
    reject: false,
  });
  children.push(child);
  const port = await new Promise<string>((resolve) =>
    child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim())),
  );
  for (let request = 0; request < 3; request++) await (await fetch(`http://127.0.0.1:${port}/`)).text();

  const first = await takeServerLatency(child.pid!, file);
  expect(first.count).toBe(3);
  // Each answer waited its 30 ms inside the server, which a timer cannot cut short.
  expect(first.p50Ms).toBeGreaterThanOrEqual(29);
  expect(await takeServerLatency(child.pid!, file)).toEqual({ count: 0 });
});
