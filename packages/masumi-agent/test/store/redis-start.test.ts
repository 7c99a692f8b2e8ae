import { createServer } from "node:net";
import { expect, it } from "vitest";
import { ConfigError } from "../../src/config.ts";
import { openStore } from "../../src/store/index.ts";
import { describeEachStore, REDIS_URL } from "../helpers/stores.ts";

// What the start says when Redis refuses the agent: startAgent prints a ConfigError's problems,
// one line each, without a stack.

/** A port on 127.0.0.1 where nothing listens: the OS gave it out a moment ago. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

await describeEachStore(
  "a Redis that refuses the agent",
  () => {
    it("is a configuration error that names REDIS_URL when nothing answers", async () => {
      const port = await closedPort();
      const opening = openStore({
        kind: "redis",
        url: `redis://127.0.0.1:${port}`,
        keyPrefix: "x:",
      });
      await expect(opening).rejects.toThrow(ConfigError);
      await expect(opening).rejects.toThrow(
        new RegExp(
          `^REDIS_URL: no Redis answers at 127\\.0\\.0\\.1:${port} .*ECONNREFUSED`,
        ),
      );
    });

    it("is a configuration error that names REDIS_URL when the login is refused", async () => {
      const url = new URL(REDIS_URL);
      url.username = "agent_nobody";
      url.password = "wrong";
      await expect(
        openStore({ kind: "redis", url: url.href, keyPrefix: "x:" }),
      ).rejects.toThrow(
        /^REDIS_URL: Redis at .* refuses the login \(WRONGPASS/,
      );
    });
  },
  (store) => store.kind === "redis",
);
