/**
 * The model-provider simulator: one node:http server answering the OpenAI Chat Completions and
 * Responses APIs and the Anthropic Messages API with scripted turns (or the default reply), recording
 * every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpError, readBody, sendJson } from "../payment-sim/http-io.ts";
import { ADMIN_PREFIX, adminAnswer } from "./admin-routes.ts";
import { checkHeaders, recordedHeaders } from "./auth.ts";
import { ProviderError, errorBody, statusMessage } from "./errors.ts";
import { Exchange, IdMaker } from "./exchange.ts";
import type { ModelApiModule } from "./model-api.ts";
import { modelList } from "./models.ts";
import { anthropicMessages } from "./anthropic-messages.ts";
import { openaiChat } from "./openai-chat.ts";
import { openaiResponses } from "./openai-responses.ts";
import { TurnQueue, defaultReply } from "./turns.ts";
import type { ModelProvider, ModelSim, ModelSimOptions, RecordedModelRequest } from "./types.ts";
import { originOf, recordedBody } from "../simulator-server.ts";

/** Model requests carry whole conversations; the real services take megabytes. */
const BODY_LIMIT_BYTES = 32 * 1024 * 1024;

const MODEL_APIS: Record<string, ModelApiModule> = {
  "/v1/chat/completions": openaiChat,
  "/v1/responses": openaiResponses,
  "/v1/messages": anthropicMessages,
};

/** Anthropic's paths, and the model list asked for with Anthropic's version header. */
function providerOf(pathname: string, request: IncomingMessage): ModelProvider {
  if (pathname === "/v1/messages") return "anthropic";
  if (pathname === "/v1/models" && request.headers["anthropic-version"] !== undefined) return "anthropic";
  return "openai";
}

function notFound(provider: ModelProvider, method: string, pathname: string): ProviderError {
  return provider === "anthropic"
    ? new ProviderError(404, "Not Found")
    : new ProviderError(404, `Invalid URL (${method} ${pathname})`, { code: null });
}

/** The body as a JSON object, or the provider's 400 for anything else. */
function jsonObject(provider: ModelProvider, raw: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw provider === "anthropic"
      ? new ProviderError(400, `The request body is not valid JSON: ${(error as Error).message}`)
      : new ProviderError(
          400,
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
        );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ProviderError(400, "The request body must be a JSON object.");
  return parsed as Record<string, unknown>;
}

export async function startModelSim(options: ModelSimOptions = {}): Promise<ModelSim> {
  const log = options.log ?? (() => {});
  const turns = new TurnQueue();
  turns.push(options.turns ?? []);
  const ids = new IdMaker();
  let requests: RecordedModelRequest[] = [];

  async function answerModelRequest(
    request: IncomingMessage,
    exchange: Exchange,
    record: RecordedModelRequest,
    raw: string,
  ): Promise<void> {
    const { provider, path } = record;
    checkHeaders(provider, request.headers, options.apiKey);
    if (request.method === "GET" && path === "/v1/models") {
      record.api = "models";
      exchange.json(200, modelList(provider));
      return;
    }
    const api = MODEL_APIS[path];
    if (!api || request.method !== "POST") throw notFound(provider, record.method, path);
    record.api = api.api;
    const body = jsonObject(provider, raw);
    if (typeof body.model === "string") record.model = body.model;
    const parsed = api.parse(body);
    Object.assign(record, {
      messages: parsed.messages,
      system: parsed.system,
      tools: parsed.tools,
      stream: parsed.stream,
    });
    const scripted = turns.take();
    record.answeredBy = scripted ? "script" : "default";
    const reply = scripted ?? defaultReply(parsed.lastUserText);
    if (reply.kind === "error") throw new ProviderError(reply.status, reply.message ?? statusMessage(reply.status));
    await api.answer(reply, parsed, exchange, ids);
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<RecordedModelRequest | null> {
    const method = request.method ?? "GET";
    const { pathname } = new URL(request.url ?? "/", "http://model-sim");
    if (pathname.startsWith(ADMIN_PREFIX)) {
      const answer = adminAnswer(method, pathname, await readBody(request, BODY_LIMIT_BYTES), {
        turns,
        requests: () => structuredClone(requests),
        reset,
      });
      sendJson(response, answer.status, answer.body);
      return null;
    }
    const provider = providerOf(pathname, request);
    const record: RecordedModelRequest = {
      provider,
      api: null,
      method,
      path: pathname,
      model: undefined,
      messages: [],
      system: undefined,
      tools: [],
      stream: false,
      headers: recordedHeaders(request.headers),
      body: undefined,
      status: null,
      answeredBy: null,
      aborted: false,
      at: new Date().toISOString(),
    };
    requests.push(record);
    const requestId = ids.make("req_");
    const exchange = new Exchange(
      response,
      provider === "anthropic" ? { "request-id": requestId } : { "x-request-id": requestId },
    );
    exchange.signal.addEventListener("abort", () => (record.aborted = true));
    try {
      const raw = await readBody(request, BODY_LIMIT_BYTES);
      record.body = recordedBody(raw);
      await answerModelRequest(request, exchange, record, raw);
    } catch (error) {
      const failure =
        error instanceof ProviderError
          ? error
          : error instanceof HttpError
            ? new ProviderError(error.status, error.message)
            : undefined;
      if (failure) exchange.json(failure.status, errorBody(provider, failure));
      // A body cut off by a client that went away is an abort, not a fault of the simulator.
      else if (!exchange.signal.aborted) throw error;
    }
    record.status = record.aborted ? null : exchange.status;
    return record;
  }

  function reset(): void {
    turns.clear();
    requests = [];
  }

  const server = createServer((request, response) => {
    const started = performance.now();
    serve(request, response).then(
      (record) => {
        if (record)
          log(
            `${record.method} ${record.path} ${record.aborted ? "aborted by the client" : record.status} ${Math.round(performance.now() - started)}ms`,
          );
      },
      (error: unknown) => {
        log(`internal error: ${(error as Error).stack ?? String(error)}`);
        if (!response.headersSent)
          sendJson(response, 500, {
            error: { message: "model-sim internal error", type: "server_error", param: null, code: null },
          });
        else response.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const url = originOf(options.host ?? "127.0.0.1", (server.address() as AddressInfo).port);

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    script: (...scripted) => turns.push(scripted),
    get requests() {
      return structuredClone(requests);
    },
    reset,
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
