import { randomBytes } from "node:crypto";
import { execa } from "execa";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/process/free-port.js";
import { startProject } from "../helpers/generated-project.js";
import { installedProject, storeAvailable } from "./store-fixtures.js";
import { POSTGRES_URL, REDIS_URL } from "./store-servers.js";

/**
 * A generated agent whose database or Redis refuses it, started as a new user would: it exits
 * with code 1 and one line that names the variable to set and how to fix it (the command that
 * creates a missing database, which then works), never a stack trace or the driver's words alone.
 */

interface FailedStart {
  exitCode: number | undefined;
  /** The messages of the lines on stderr (JSON: stderr is not a terminal). */
  errors: string[];
  output: string;
}

/** Starts the agent in `dir` as its start script does, with `env` over the machine's. */
async function startOnce(
  dir: string,
  env: Record<string, string | undefined>,
): Promise<FailedStart> {
  const started = await execa("node", ["--import", "tsx", "src/main.ts"], {
    cwd: dir,
    env: { PORT: "0", HOST: "127.0.0.1", DATA_DIR: "data", ...env },
    extendEnv: true,
    reject: false,
    timeout: 60_000,
  });
  const lines = started.stderr.split("\n").filter(Boolean);
  return {
    exitCode: started.exitCode,
    errors: lines.map((line) => (JSON.parse(line) as { msg: string }).msg),
    output: `${started.stdout}\n${started.stderr}`,
  };
}

/** Expects the start to have failed with exactly one line, matching `message`, and no stack. */
function expectOneProblem(start: FailedStart, message: RegExp): string {
  expect(start.exitCode, start.output).toBe(1);
  expect(start.errors, start.output).toEqual([expect.stringMatching(message)]);
  expect(start.output).not.toMatch(/\n\s+at /);
  expect(start.output).not.toContain('"stack"');
  return start.errors[0] as string;
}

/** The command between backticks after `after` in a message. */
function quotedCommand(message: string, after: string): string[] {
  const command = new RegExp(`${after} \`([^\`]+)\``).exec(message)?.[1];
  expect(command, message).toBeDefined();
  return (command as string).split(" ");
}

function withDatabase(url: string, database: string, options?: string): string {
  const changed = new URL(url);
  changed.pathname = `/${database}`;
  if (options !== undefined) changed.searchParams.set("options", options);
  return changed.href;
}

async function onPostgres(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const postgresReady = await storeAvailable("postgres");
const redisReady = await storeAvailable("redis");
const agentDatabaseExists =
  postgresReady &&
  (await onPostgres("SELECT 1 FROM pg_database WHERE datname = 'agent'"))
    .rowCount === 1;

describe.skipIf(!postgresReady)(
  "a postgres agent that PostgreSQL refuses",
  () => {
    const missing = `cma_missing_${randomBytes(6).toString("hex")}`;
    let dir: string;

    beforeAll(async () => {
      dir = await installedProject("postgres");
    }, 300_000);

    afterAll(async () => {
      await onPostgres(`DROP DATABASE IF EXISTS ${missing} WITH (FORCE)`);
    });

    it("names the missing database and the command that creates it, which works", async () => {
      const url = withDatabase(POSTGRES_URL, missing);
      const message = expectOneProblem(
        await startOnce(dir, { DATABASE_URL: url }),
        new RegExp(
          `^Configuration error: DATABASE_URL: PostgreSQL at .* has no database "${missing}"`,
        ),
      );
      const [command, ...args] = quotedCommand(message, "create it with");
      expect(command).toBe("createdb");
      await execa(command as string, args);
      const agent = await startProject(dir, { DATABASE_URL: url });
      await agent.stop();
    }, 120_000);

    // The default only fails, with its advice, where there is no database "agent" yet.
    it.skipIf(agentDatabaseExists)(
      "by default connects as user postgres to database agent",
      async () => {
        expectOneProblem(
          await startOnce(dir, { DATABASE_URL: undefined, USER: undefined }),
          /DATABASE_URL: PostgreSQL at localhost:5432 has no database "agent"; create it with `createdb -h localhost -p 5432 -U postgres agent`/,
        );
      },
      60_000,
    );

    it("says to put a user in a URL without one", async () => {
      const noUser = new URL(withDatabase(POSTGRES_URL, "postgres"));
      noUser.username = "";
      expectOneProblem(
        await startOnce(dir, { DATABASE_URL: noUser.href, USER: undefined }),
        /^Configuration error: DATABASE_URL names no user .*put one in it: postgres:\/\/USER@/,
      );
    }, 60_000);

    it("names the user that PostgreSQL does not know", async () => {
      const stranger = new URL(withDatabase(POSTGRES_URL, "postgres"));
      stranger.username = "cma_nobody";
      expectOneProblem(
        await startOnce(dir, { DATABASE_URL: stranger.href }),
        /^Configuration error: DATABASE_URL: PostgreSQL at .* refuses user "cma_nobody" \(role "cma_nobody" does not exist\)/,
      );
    }, 60_000);

    it("says nothing answers at a port where no PostgreSQL listens", async () => {
      const port = await freePort();
      expectOneProblem(
        await startOnce(dir, {
          DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/agent`,
        }),
        new RegExp(
          `^Configuration error: DATABASE_URL: no PostgreSQL answers at 127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\); start one`,
        ),
      );
    }, 60_000);

    it("names the schema of the search path that does not exist, and the command that creates it", async () => {
      const schema = `cma_schema_${randomBytes(6).toString("hex")}`;
      const url = withDatabase(
        POSTGRES_URL,
        "postgres",
        `-c search_path=${schema}`,
      );
      try {
        const message = expectOneProblem(
          await startOnce(dir, { DATABASE_URL: url }),
          new RegExp(
            `^Configuration error: DATABASE_URL: its search_path names schema "${schema}"`,
          ),
        );
        // The command quotes its SQL for a shell: run it through one.
        const command = /create it with `([^`]+)`/.exec(message)?.[1] as string;
        await execa("sh", ["-c", command]);
        const agent = await startProject(dir, { DATABASE_URL: url });
        await agent.stop();
        expect(agent.output()).toContain(
          `Jobs are stored in PostgreSQL at ${new URL(url).host}/postgres, schema ${schema}`,
        );
        const tables = await onPostgres(
          `SELECT 1 FROM pg_tables WHERE schemaname = '${schema}' AND tablename = 'jobs'`,
        );
        expect(tables.rowCount).toBe(1);
      } finally {
        await onPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }
    }, 120_000);
  },
);

describe.skipIf(!redisReady)("a redis agent that Redis refuses", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await installedProject("redis");
  }, 300_000);

  it("says nothing answers at a port where no Redis listens", async () => {
    const port = await freePort();
    expectOneProblem(
      await startOnce(dir, { REDIS_URL: `redis://127.0.0.1:${port}` }),
      new RegExp(
        `^Configuration error: REDIS_URL: no Redis answers at 127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\); start one`,
      ),
    );
  }, 60_000);

  it("says the login was refused for a wrong user and password", async () => {
    const wrong = new URL(REDIS_URL);
    wrong.username = "cma_nobody";
    wrong.password = "wrong";
    expectOneProblem(
      await startOnce(dir, { REDIS_URL: wrong.href }),
      /^Configuration error: REDIS_URL: Redis at .* refuses the login \(WRONGPASS/,
    );
  }, 60_000);
});
