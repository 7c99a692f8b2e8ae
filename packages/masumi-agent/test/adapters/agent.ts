import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createAgentApp,
  defineAgent,
  loadConfig,
  silentLogger,
  type AgentApp,
  type Serve,
} from "masumi-agent";

export const inputSchema = {
  input_data: [{ id: "text", type: "string", name: "Text" }],
} as const;

/**
 * Echoes its text; on "ask" it asks for approval first (a job that awaits input); on "hang" it
 * never ends nor heeds its signal (a job a shutdown waits for).
 */
export const echo = defineAgent({
  inputSchema,
  async run(input, ctx) {
    // The timer keeps the process alive, as a job's own I/O would.
    if (input.text === "hang") await new Promise(() => setInterval(() => {}, 1_000));
    if (input.text !== "ask") return `echo: ${input.text}`;
    const answer = await ctx.requestInput(
      { input_data: [{ id: "approve", type: "boolean", name: "Approve" }] },
      "Approve?",
    );
    return answer.approve ? "approved" : "declined";
  },
  demo: { input: { text: "hi" }, output: { result: "echo: hi" } },
});

/** The smallest body limit the configuration allows, so that 413 takes little to provoke. */
export const MAX_BODY_BYTES = 1024;

export interface Running {
  url: string;
  close(): Promise<void>;
}

/** The echo agent on a memory store with free jobs, served by `serve` on a free port. */
export async function serveAgent(serve: Serve): Promise<Running> {
  const dataDir = await mkdtemp(join(tmpdir(), "masumi-adapter-"));
  const env = { DATA_DIR: dataDir, MAX_BODY_BYTES: String(MAX_BODY_BYTES) };
  const config = loadConfig(env, { store: "memory", payment: "free" });
  const app: AgentApp = await createAgentApp(config, {
    agent: echo,
    log: silentLogger,
  });
  const server = await serve(app, {
    port: 0,
    host: "127.0.0.1",
    requestTimeoutMs: 5_000,
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    async close() {
      await app.close(server, 0);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
