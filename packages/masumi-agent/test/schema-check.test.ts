import { join } from "node:path";
import { tmpdir } from "node:os";
import { expect, it } from "vitest";
import { createAgentApp } from "../src/app.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import type { InputSchema } from "../src/jobs/schema.ts";
import type { Agent } from "../src/jobs/types.ts";
import { silentLogger } from "../src/log.ts";
import { wordsAgent } from "./helpers/agents.ts";

// A schema the marketplace cannot parse gets past the types only by a cast (or from JavaScript);
// the start refuses it then, one line per problem, before it opens the store or the payments.

it("refuses to start with a schema the marketplace would refuse, one line per problem", async () => {
  const inputSchema = {
    input_data: [
      { id: "text", type: "text", name: "Text", validations: [{ validation: "step", value: "1" }] },
      { id: "agree", type: "checkbox", name: "Agree" },
    ],
  } as unknown as InputSchema;
  const agent: Agent = { ...wordsAgent, inputSchema };
  const config = loadConfig(
    { DATA_DIR: join(tmpdir(), "never-created") },
    { store: "memory", payment: "free" },
  );
  const started = createAgentApp(config, { agent, log: silentLogger });
  await expect(started).rejects.toThrow(ConfigError);
  await expect(started).rejects.toMatchObject({
    problems: [
      'src/agent.ts inputSchema: field "text": step is not a validation',
      'src/agent.ts inputSchema: field "agree": type checkbox needs data',
    ],
  });
});
