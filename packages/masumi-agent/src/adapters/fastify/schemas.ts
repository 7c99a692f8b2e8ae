import type { FastifySchema } from "fastify";
import type { Route } from "../../api.ts";

/**
 * JSON schemas for what Fastify checks and serializes itself: that a POST body is an object and
 * the shape of each reply. The fields of a body are judged by src/jobs/validate.ts, so that a
 * refusal has one detail per failing field; the handlers read the query themselves. Objects
 * allow further properties, so nothing src/api.ts answers is dropped.
 */

function object(properties: Record<string, object> = {}, required: string[] = []): object {
  return { type: "object", properties, required, additionalProperties: true };
}

const text = { type: "string" };
const integer = { type: "integer" };
const anything = {};

/** Every error: {error, message, details?}. */
const errorReply = object(
  {
    error: text,
    message: text,
    details: { type: "array", items: object({ field: text, message: text }) },
  },
  ["error", "message"],
);

const availabilityReply = object({
  status: text,
  type: text,
  uptime: integer,
  message: text,
  agentIdentifier: text,
});

/** The 2xx reply of each endpoint; the MIP-003 fields, with the first version's as well. */
const replies: Record<string, object> = {
  "/start_job": object({
    id: text,
    job_id: text,
    status: text,
    blockchainIdentifier: text,
    payment_id: text,
    payByTime: integer,
    submitResultTime: integer,
    unlockTime: integer,
    externalDisputeUnlockTime: integer,
    agentIdentifier: text,
    sellerVKey: text,
    identifierFromPurchaser: text,
    input_hash: text,
    inputHash: text,
    paymentSourceType: text,
    supportedPaymentSourceIndex: integer,
  }),
  "/status": object({
    id: text,
    job_id: text,
    status: text,
    message: text,
    input_schema: anything,
    result: anything,
  }),
  "/provide_input": object({ input_hash: text, signature: text }),
  "/availability": availabilityReply,
  "/input_schema": object(),
  "/demo": object({ input: anything, output: anything }),
};

/** What Fastify checks of a request before src/api.ts sees it. */
const requests: Record<string, FastifySchema> = {
  "/start_job": { body: { type: "object" } },
  "/provide_input": { body: { type: "object" } },
};

export function routeSchema(route: Route): FastifySchema {
  const response: Record<string, object> = {
    "2xx": replies[route.path] ?? object(),
    default: errorReply,
  };
  // An agent that is shutting down answers /availability with 503 and the usual fields.
  if (route.path === "/availability") response[503] = availabilityReply;
  return { ...requests[route.path], response };
}
