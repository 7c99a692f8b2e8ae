/**
 * The simulator: an HTTP server (node:http) that answers like the Masumi payment service, keeps its
 * payments in memory, records the calls it gets, and can be told to fail.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { adminRoutes, adminStateUrl, simulationSteps } from "./admin-routes.js";
import { ApiKeys, checkNetworkAllowed } from "./api-keys.js";
import { PaymentExistsError, apiRoutes } from "./api-routes.js";
import { Catalog } from "./catalog.js";
import { FaultSwitch, type FailureMode, type RequestMatch } from "./faults.js";
import { HttpError, errorBody, parseJsonBody, readBody, sendJson, successBody } from "./http-io.js";
import type { Network, OnChainState, PaymentRecord, PaymentSourceType } from "./model.js";
import { paymentFromJson } from "./payment-import.js";
import { paymentJson, type PaymentJson } from "./payment-json.js";
import { paymentRow } from "./payment-row.js";
import { PaymentStore } from "./payment-store.js";
import type { SimulationStep } from "./request-schemas.js";
import { findRoute, type Route } from "./router.js";
import { DEFAULT_AGENT_IDENTIFIER, defaultSeed, type SimulatorSeed } from "./seed.js";
import { SimulatedChain } from "./simulated-chain.js";
import { Registry, registryJson, type RegistryEntry, type RegistryStep } from "./registry.js";
import { registryFromJson } from "./registry-import.js";
import { registryRoutes } from "./registry-routes.js";
import { sourceRoutes } from "./source-routes.js";
import { walletBalanceRoutes } from "./wallet-balance.js";
import { unsimulatedRoutes } from "./unsimulated-routes.js";
import { WebhookRegistry } from "./webhooks.js";
import { originOf, recordedBody } from "../simulator-server.js";

export interface PaymentSimulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The admin API key the simulator accepts in the `token` header. */
  token: string;
  /**
   * The seller's payment source type in the default profile (default Web3CardanoV2: payments need
   * supportedPaymentSourceIndex 0). Ignored when `seed` is given.
   */
  sourceType?: PaymentSourceType;
  /** Everything the service holds at the start, instead of the default profile (see seed.ts). */
  seed?: SimulatorSeed;
  /**
   * Move each registration, deregistration and update on to its next state this many ms after the
   * last (Requested -> Initiated -> Confirmed); default: never on its own, only by the admin route.
   */
  registrationStepMs?: number;
  /** The simulator's clock (default Date.now); the admin clock route moves it forward. */
  now?: () => number;
  /** Lock the funds of each new payment (onChainState FundsLocked) this many ms after it is created. */
  autoLockMs?: number;
  /**
   * Confirm a submitted result on chain this many ms after `submit-result` (default 0); null: never
   * on its own, it stays SubmitResultRequested until the admin simulate route moves it on.
   */
  resultConfirmMs?: number | null;
  /** The default profile's agent identifier (default: a fixed, valid-looking one of 120 hex). */
  agentIdentifier?: string;
  /** Receives one line per request, and a line per new payment and per state change. Never the token. */
  log?: (line: string) => void;
}

/** One request to the payment-service API (the admin route is not recorded). */
export interface RecordedCall {
  method: string;
  /** The path without the query string, e.g. "/api/v1/payment". */
  path: string;
  query: Record<string, string>;
  /** The JSON body, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** The answer's status; null when the connection was dropped (failure mode "reset"). */
  status: number | null;
  at: string;
}

/** A result hash accepted by `submit-result`. */
export interface SubmittedResult {
  blockchainIdentifier: string;
  network: Network;
  resultHash: string;
  at: string;
}

/** The environment an agent needs to use this simulator as its payment service. */
export interface PaymentServiceEnv {
  PAYMENT_SERVICE_URL: string;
  PAYMENT_API_KEY: string;
  AGENT_IDENTIFIER: string;
  NETWORK: Network;
  PAYMENT_SOURCE_TYPE: PaymentSourceType;
  /** V2 only: the agent's supportedPaymentSources entry its payments use. */
  PAYMENT_SOURCE_INDEX?: string;
}

export interface PaymentSimulator {
  /** The origin, e.g. "http://127.0.0.1:3001". */
  readonly url: string;
  /** The API base an agent calls, `${url}/api/v1`: the value for PAYMENT_SERVICE_URL. */
  readonly apiUrl: string;
  readonly env: PaymentServiceEnv;
  /** Every payment, oldest first, as the API shows them (with their history). */
  payments(): PaymentJson[];
  /**
   * Moves a payment (by id or blockchain identifier) to another on-chain state, as the buyer or the
   * chain would; throws when there is no such payment or the contract does not allow the move.
   */
  setState(payment: string, state: OnChainState): PaymentJson;
  /** Runs one chain step on a payment, as the admin simulate route does. */
  simulate(payment: string, step: SimulationStep): PaymentJson;
  /**
   * Runs one registry step on a registration (by id), as the admin registry route does;
   * `agentIdentifier` fixes the identifier minted at registration-initiated.
   */
  simulateRegistration(id: string, step: RegistryStep, agentIdentifier?: string): unknown;
  /** Moves the simulator's clock forward; unpaid payments past payByTime + 5 min expire. */
  advanceClock(ms: number): void;
  calls(): RecordedCall[];
  submittedResults(): SubmittedResult[];
  /**
   * The next `count` API requests (those matching `match`, when given) fail ("unavailable": 503;
   * "reset": the connection is dropped).
   */
  failNext(count: number, mode?: FailureMode, match?: RequestMatch): void;
  /** While down, every API request fails the same way. */
  setDown(down: boolean, mode?: FailureMode): void;
  close(): Promise<void>;
}

/** The environment variables for the seed's first registered agent (Preprod first). */
function agentEnv(apiUrl: string, token: string, seed: SimulatorSeed): PaymentServiceEnv {
  const agents = [
    ...(seed.registrations ?? []).map(({ entry, network }) => ({
      agentIdentifier: entry.agentIdentifier,
      network,
      supportedPaymentSources: entry.supportedPaymentSources,
    })),
    ...seed.agents,
  ];
  const agent = agents.find((entry) => entry.network === "Preprod") ?? agents[0];
  const v2 = agent?.supportedPaymentSources != null;
  return {
    PAYMENT_SERVICE_URL: apiUrl,
    PAYMENT_API_KEY: token,
    AGENT_IDENTIFIER: agent?.agentIdentifier ?? DEFAULT_AGENT_IDENTIFIER,
    NETWORK: agent?.network ?? "Preprod",
    PAYMENT_SOURCE_TYPE: v2 ? "Web3CardanoV2" : "Web3CardanoV1",
    ...(v2 ? { PAYMENT_SOURCE_INDEX: "0" } : {}),
  };
}

/** How often unpaid payments are checked for expiry without a request (so webhooks fire). */
const EXPIRY_SWEEP_MS = 1_000;

export async function startPaymentSimulator(
  options: PaymentSimulatorOptions,
): Promise<PaymentSimulator> {
  if (typeof options.token !== "string" || options.token === "")
    throw new TypeError("startPaymentSimulator needs a token");
  const log = options.log ?? (() => {});
  const seed =
    options.seed ??
    defaultSeed({
      token: options.token,
      sourceType: options.sourceType,
      agentIdentifier: options.agentIdentifier,
    });
  const adminKey = {
    id: "sim-admin-key",
    token: options.token,
    permission: "Admin",
    networks: ["Mainnet", "Preprod"],
    status: "Active",
  } as const;
  const keys = new ApiKeys(
    seed.apiKeys.some((key) => key.token === options.token)
      ? seed.apiKeys
      : [...seed.apiKeys, adminKey],
  );
  let clockOffset = 0;
  const now = () => (options.now ?? Date.now)() + clockOffset;
  const registry = new Registry(now);
  const catalog = new Catalog(seed.paymentSources, seed.agents, registry);
  for (const registration of seed.registrations ?? [])
    registry.add(registryFromJson(registration, catalog));
  const faults = new FaultSwitch();
  const webhooks = new WebhookRegistry(log);
  const calls: RecordedCall[] = [];
  const results: SubmittedResult[] = [];
  let url = "";

  const store = new PaymentStore(now, {
    onChainStateChanged(payment, previous) {
      log(`payment ${payment.id}: onChainState ${previous ?? "null"} -> ${payment.onChainState}`);
    },
    nextActionChanged(payment, previous) {
      log(`payment ${payment.id}: NextAction ${previous} -> ${payment.nextAction.requestedAction}`);
      webhooks.paymentChanged(paymentRow(payment));
    },
  });
  for (const payment of seed.payments ?? []) store.add(paymentFromJson(payment, catalog));
  const chain = new SimulatedChain(store, registry, {
    autoLockMs: options.autoLockMs,
    resultConfirmMs: options.resultConfirmMs === undefined ? 0 : options.resultConfirmMs,
    registrationStepMs: options.registrationStepMs,
  });
  const steps = simulationSteps(store);
  const advanceClock = (ms: number): number => {
    clockOffset += ms;
    store.expireUnpaid();
    return now();
  };
  const sweep = setInterval(() => store.expireUnpaid(), EXPIRY_SWEEP_MS);
  sweep.unref();
  const routes: Route[] = [
    ...apiRoutes({
      store,
      catalog,
      webhooks,
      now,
      paymentCreated(payment: PaymentRecord) {
        chain.paymentCreated(payment);
        log(
          `new payment ${payment.id}; mark it paid (or FundsOrDatumInvalid, RefundRequested, Disputed, ...) with:\n` +
            `  curl -s -X POST '${adminStateUrl(url, payment.id)}' -H "token: $PAYMENT_API_KEY" ` +
            `-H 'content-type: application/json' -d '{"onChainState":"FundsLocked"}'`,
        );
      },
      resultSubmitted(payment, resultHash, network) {
        results.push({
          blockchainIdentifier: payment.blockchainIdentifier,
          network,
          resultHash,
          at: new Date(now()).toISOString(),
        });
        chain.resultRequested(payment);
      },
    }),
    ...registryRoutes({
      registry,
      catalog,
      requested: (entry: RegistryEntry) => chain.registrationRequested(entry),
    }),
    ...adminRoutes({
      store,
      registry,
      advanceClock,
    }),
    ...sourceRoutes(catalog),
    ...walletBalanceRoutes(catalog, now),
    ...unsimulatedRoutes(),
  ];
  async function serve(request: IncomingMessage, response: ServerResponse): Promise<number | null> {
    const method = request.method ?? "GET";
    const { pathname, searchParams } = new URL(request.url ?? "/", "http://simulator");
    const raw = await readBody(request);
    const call: RecordedCall | undefined = pathname.startsWith("/admin/")
      ? undefined
      : {
          method,
          path: pathname,
          query: Object.fromEntries(searchParams),
          body: recordedBody(raw),
          status: null,
          at: new Date().toISOString(),
        };
    if (call) calls.push(call);
    const respond = (
      status: number,
      payload: unknown,
      headers?: Record<string, string>,
    ): number => {
      sendJson(response, status, payload, headers);
      if (call) call.status = status;
      return status;
    };

    const failure = call ? faults.take(method, pathname) : null;
    if (failure === "reset") {
      request.socket.destroy();
      return null;
    }
    if (failure === "unavailable") return respond(503, errorBody("Service Unavailable"));

    try {
      const { route, params } = findRoute(routes, method, pathname);
      const body = method === "GET" ? {} : parseJsonBody(raw, request.headers["content-type"]);
      const query = Object.fromEntries(searchParams);
      const key =
        route.access === "none"
          ? undefined
          : keys.authenticate(request.headers.token, route.access);
      if (key) checkNetworkAllowed(key, method === "GET" ? query.network : body.network);
      const data = route.handle({ body, query, params, key });
      return respond(200, successBody(data));
    } catch (error) {
      if (error instanceof PaymentExistsError) {
        const existing = paymentJson(error.payment, "omit");
        return respond(409, { ...errorBody(error.message), id: existing.id, object: existing });
      }
      if (error instanceof HttpError)
        return respond(error.status, errorBody(error.message), error.headers);
      log(`internal error: ${(error as Error).stack ?? String(error)}`);
      return respond(500, errorBody("Internal Server Error"));
    }
  }

  const server = createServer((request, response) => {
    const started = performance.now();
    const line = (status: number | string) =>
      log(
        `${request.method} ${request.url} ${status} ${Math.round(performance.now() - started)}ms`,
      );
    serve(request, response).then(
      (status) => line(status ?? "connection dropped"),
      (error: unknown) => {
        // Only reading the body can fail here (too large, or the client went away).
        const status = error instanceof HttpError ? error.status : 400;
        if (!response.headersSent)
          sendJson(response, status, errorBody((error as Error).message), { connection: "close" });
        line(status);
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
  url = originOf(options.host ?? "127.0.0.1", (server.address() as AddressInfo).port);
  const apiUrl = `${url}/api/v1`;

  return {
    url,
    apiUrl,
    env: agentEnv(apiUrl, options.token, seed),
    payments: () => store.all().map((payment) => paymentJson(payment, "include")),
    setState(reference, state) {
      const payment = store.find(reference);
      if (!payment) throw new Error(`No payment with id or blockchain identifier ${reference}`);
      store.transition(payment, state);
      return paymentJson(payment, "include");
    },
    simulate(reference, step) {
      const payment = store.find(reference);
      if (!payment) throw new Error(`No payment with id or blockchain identifier ${reference}`);
      steps[step](payment);
      return paymentJson(payment, "include");
    },
    simulateRegistration(id, step, agentIdentifier) {
      const entry = registry.byId(id);
      if (!entry) throw new Error(`No registration with id ${id}`);
      registry.step(entry, step, agentIdentifier);
      return registryJson(entry);
    },
    advanceClock,
    calls: () => structuredClone(calls),
    submittedResults: () => structuredClone(results),
    failNext: (count, mode, match) => faults.failNext(count, mode, match),
    setDown: (down, mode) => faults.setDown(down, mode),
    async close() {
      clearInterval(sweep);
      chain.stop();
      await webhooks.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
