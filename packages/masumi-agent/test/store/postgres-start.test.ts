import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { ConfigError } from "../../src/config.ts";
import { openStore } from "../../src/store/index.ts";
import { describeEachStore, POSTGRES_URL } from "../helpers/stores.ts";

// What the start says when PostgreSQL refuses the agent: startAgent prints a ConfigError's
// problems, one line each, without a stack.

/** The test server's URL, pointed at another database. */
function withDatabase(database: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  url.search = "";
  return url.href;
}

await describeEachStore(
  "a PostgreSQL that refuses the agent",
  () => {
    it("is a configuration error that says how to create a missing database", async () => {
      const database = `agent_missing_${randomBytes(6).toString("hex")}`;
      const opening = openStore({
        kind: "postgres",
        url: withDatabase(database),
      });
      await expect(opening).rejects.toThrow(ConfigError);
      await expect(opening).rejects.toThrow(
        new RegExp(
          `^DATABASE_URL: .* has no database "${database}"; create it with \`createdb `,
        ),
      );
    });

    it("is a configuration error that names the user it does not know", async () => {
      const url = new URL(withDatabase("postgres"));
      url.username = "agent_nobody";
      await expect(
        openStore({ kind: "postgres", url: url.href }),
      ).rejects.toThrow(
        /^DATABASE_URL: PostgreSQL at .* refuses user "agent_nobody"/,
      );
    });
  },
  (store) => store.kind === "postgres",
);
