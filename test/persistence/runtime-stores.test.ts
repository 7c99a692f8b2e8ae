import { afterAll, beforeAll, describe, it } from "vitest";
import { PROFILES } from "../../packages/masumi-agent/src/check/types.js";
import {
  startCommand,
  startProject,
  type RunningServer,
} from "../helpers/generated-project.js";
import {
  expectConformance,
  FAST_RECOVERY_ENV,
  freshStore,
  installedProject,
  storeAvailable,
  storeStack,
} from "./store-fixtures.js";
import type { StoreServer } from "./store-servers.js";

/**
 * The memory store, pg and ioredis under Bun and Deno (stores.test.ts has Node; SQLite on every
 * runtime is in the e2e matrix): installed with the runtime's own tool, the agent started with its
 * own start script (under Deno with no more than the permissions its deno.json spells out),
 * against a fresh database or key prefix, passing both conformance profiles.
 */
for (const persistence of ["memory", "postgres", "redis"] as const) {
  const available = await storeAvailable(persistence);

  for (const runtime of ["bun", "deno"] as const) {
    describe.skipIf(!available)(`${runtime} + hono on ${persistence}`, () => {
      let store: StoreServer;
      let agent: RunningServer;

      beforeAll(async () => {
        const projectName = `agent-${runtime}-${persistence}`;
        store = await freshStore(persistence);
        const dir = await installedProject(persistence, projectName, runtime);
        agent = await startProject(
          dir,
          { ...store.env, ...FAST_RECOVERY_ENV },
          startCommand(storeStack(persistence, projectName, runtime)),
        );
      }, 300_000);

      afterAll(async () => {
        await agent?.stop();
        await store?.remove();
      });

      it.each(PROFILES)(
        "passes the conformance check (%s)",
        (profile) => expectConformance(agent, profile),
        120_000,
      );
    });
  }
}
