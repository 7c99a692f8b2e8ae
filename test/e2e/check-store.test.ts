import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { StackOptions } from "../../src/options.js";
import { checkProject } from "../../src/steps/check.js";
import { generateProject, installProject } from "../helpers/generated-project.js";

/**
 * The check step after scaffolding runs against the author's real database settings (.env), but
 * its jobs go to a schema (PostgreSQL) or key prefix (Redis) of its own, removed afterwards: the
 * author's store is as it was before. Needs PostgreSQL on 127.0.0.1:5432 (user postgres, db test)
 * and Redis on 127.0.0.1:6379.
 */
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const stack = (persistence: "postgres" | "redis"): StackOptions => ({
  projectName: `${persistence}-agent`,
  runtime: "node",
  framework: "hono",
  persistence,
  payment: "simulated",
  packageManager: "npm",
  agent: "offline",
});

/** Runs the check step and returns what it printed. */
async function checkPrinting(dir: string, persistence: "postgres" | "redis", verbose = false): Promise<string> {
  let printed = "";
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    printed += chunk.toString();
    return true;
  });
  try {
    await checkProject(dir, stack(persistence), dir, verbose);
  } finally {
    write.mockRestore();
  }
  return printed;
}

/** One line per profile, with its counts, and no list of passed checks. */
function expectSummaryOnly(printed: string): void {
  expect(printed).toMatch(/Conformance check \(mip-003\) finished against \S+: \d+ passed, 0 failed/);
  expect(printed).toMatch(/Conformance check \(seed\) finished against \S+: \d+ passed, 0 failed/);
  expect(printed).not.toMatch(/ PASS /);
}

async function withPostgres<T>(action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

/** Every table outside the system schemas, with its row count, and the check's schemas. */
function postgresContents(): Promise<{ tables: Record<string, number>; checkSchemas: string[] }> {
  return withPostgres(async (client) => {
    const tables: Record<string, number> = {};
    const { rows } = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' ORDER BY 1, 2`,
    );
    for (const { schema, name } of rows) {
      const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}"."${name}"`);
      tables[`${schema}.${name}`] = Number(count.rows[0]!.n);
    }
    const schemas = await client.query<{ name: string }>(
      "SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE 'masumi_check_%'",
    );
    return { tables, checkSchemas: schemas.rows.map((row) => row.name) };
  });
}

describe("the check step leaves the author's store as it was", () => {
  let postgresDir: string;
  let redisDir: string;
  let redis: Redis;

  beforeAll(async () => {
    postgresDir = await generateProject(stack("postgres"));
    redisDir = await generateProject(stack("redis"));
    await Promise.all([installProject(postgresDir), installProject(redisDir)]);
    await writeFile(join(postgresDir, ".env"), `DATABASE_URL=${DATABASE_URL}\n`);
    await writeFile(join(redisDir, ".env"), `REDIS_URL=${REDIS_URL}\n`);
    redis = new Redis(REDIS_URL);
  }, 400_000);

  afterAll(() => redis?.disconnect());

  it("PostgreSQL: the check works in a schema of its own and drops it", async () => {
    const before = await postgresContents();
    const printed = await checkPrinting(postgresDir, "postgres");
    expectSummaryOnly(printed);
    const after = await postgresContents();
    expect(after.tables).toEqual(before.tables);
    expect(after.checkSchemas).toEqual([]);
  }, 180_000);

  it("Redis: the check keeps its keys under a prefix of its own and deletes them", async () => {
    const keys = async (pattern: string) => (await redis.keys(pattern)).sort();
    const before = await keys("agent:*");
    const printed = await checkPrinting(redisDir, "redis");
    expectSummaryOnly(printed);
    expect(await keys("agent:*")).toEqual(before);
    expect(await keys("masumi-check-*")).toEqual([]);
  }, 180_000);

  it("--verbose prints every check of each profile", async () => {
    const printed = await checkPrinting(redisDir, "redis", true);
    expect(printed).toMatch(/^AV-status +PASS /m);
    expect(printed).toMatch(/Conformance check of \S+ \(profile seed\)/);
    expect(await redis.keys("masumi-check-*")).toEqual([]);
  }, 180_000);
});
