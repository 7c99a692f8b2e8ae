import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
  RouteHandlerMethod,
  RouteShorthandOptionsWithHandler,
} from "fastify";
import {
  bodyRefusal,
  bodyTooLarge,
  parseQuery,
  type Api,
  type ApiReply,
  type ApiRequest,
  type Route,
} from "../../api.ts";
import type { AgentApp } from "../../app.ts";
import { RequestError } from "../../jobs/errors.ts";
import { answerClientError } from "../../node-http.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "../../request-id.ts";
import { ENDPOINTS, ENDPOINT_NAMES, routeOf, searchOf, type EndpointName } from "../endpoints.ts";
import { routeSchema } from "./schemas.ts";

/** The six endpoints as Fastify route options (schema, body limit, handler), and their setup. */
export type FastifyEndpoints = Record<EndpointName, RouteShorthandOptionsWithHandler> & {
  /** For Fastify(...): what only the server can be told. */
  serverOptions: FastifyServerOptions;
  /**
   * Before the routes: reads every body as JSON whatever its Content-Type (src/api.ts judges
   * the type), and answers errors and unknown paths (404, or 405 with Allow) as JSON.
   */
  setup(app: FastifyInstance): void;
};

/**
 * The endpoints of an agent as Fastify route options. Every answer, refusals included, carries
 * the request's X-Request-Id.
 */
export function masumiEndpoints(agent: AgentApp): FastifyEndpoints {
  const { api } = agent;
  const handler = (route: Route): RouteHandlerMethod => {
    return async (request, reply) => {
      const query = parseQuery(searchOf(request.url));
      const contentType = request.headers["content-type"];
      return send(reply, await route.handle({ query, contentType, body: request.body }));
    };
  };
  const routes = Object.fromEntries(
    ENDPOINT_NAMES.map((name) => {
      const route = routeOf(api, name);
      const options: RouteShorthandOptionsWithHandler = {
        schema: routeSchema(route),
        bodyLimit: api.maxBodyBytes,
        handler: handler(route),
      };
      return [name, options];
    }),
  ) as Record<EndpointName, RouteShorthandOptionsWithHandler>;
  const notFound = (request: FastifyRequest, reply: FastifyReply) => {
    return send(reply, api.notFound(request.method, pathOf(request.url), requestIdOf(request)));
  };
  return {
    ...routes,
    serverOptions: {
      bodyLimit: api.maxBodyBytes,
      // Requests arriving during shutdown are still answered, as running jobs finish.
      return503OnClosing: false,
      // "/status/" is "/status", for marketplaces that join paths loosely.
      routerOptions: { ignoreTrailingSlash: true },
      // What Node refuses before a route sees it gets the JSON of every refusal, not Fastify's.
      clientErrorHandler: answerClientError,
      // A path that is not valid percent-encoding ("/%zz") names no endpoint.
      frameworkErrors: (_error, request, reply) => void notFound(request, reply),
    },
    setup(app) {
      readBodiesAsJson(app, api);
      app.setNotFoundHandler(notFound);
    },
  };
}

/**
 * The six endpoints as a Fastify plugin for an existing app: `app.register(masumi(agent))`. Its
 * body parsing and error handling stay inside the plugin; a wrong method on the six paths is
 * answered 405 there, every other path stays the app's.
 */
export function masumi(agent: AgentApp): FastifyPluginAsync {
  const endpoints = masumiEndpoints(agent);
  return async (app) => {
    readBodiesAsJson(app, agent.api);
    for (const name of ENDPOINT_NAMES) {
      const route = routeOf(agent.api, name);
      const url = ENDPOINTS[name];
      app.route({ method: route.method, url, ...endpoints[name] });
      // HEAD comes with GET routes; every other method is a wrong one.
      const wrong = app.supportedMethods.filter(
        (method) => method !== route.method && !(route.method === "GET" && method === "HEAD"),
      );
      app.route({
        method: wrong,
        url,
        handler: (request, reply) => {
          return send(reply, agent.api.notFound(request.method, url, requestIdOf(request)));
        },
      });
    }
  };
}

/** Every body is read as JSON whatever its Content-Type, and refusals answered as JSON. */
function readBodiesAsJson(app: FastifyInstance, api: Api): void {
  app.removeAllContentTypeParsers();
  // "__proto__" and "constructor" keys are plain data to src/api.ts, never merged into objects.
  app.addContentTypeParser(
    "*",
    { parseAs: "string" },
    app.getDefaultJsonParser("ignore", "ignore"),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const contentType = request.headers["content-type"];
    const refusal = fromFastify(error, { contentType, body: request.body }, api.maxBodyBytes);
    return send(reply, api.failure(refusal, requestIdOf(request)));
  });
}

function pathOf(url: string): string {
  return url.split("?", 1)[0] ?? url;
}

const BODY_ERRORS = new Set([
  "FST_ERR_CTP_EMPTY_JSON_BODY",
  "FST_ERR_CTP_INVALID_JSON_BODY",
  "FST_ERR_CTP_INVALID_MEDIA_TYPE",
]);

/** Fastify's refusals of a request, as the agent's own errors; anything else goes to api.failure. */
function fromFastify(
  error: FastifyError,
  request: Pick<ApiRequest, "contentType" | "body">,
  maxBodyBytes: number,
): unknown {
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return bodyTooLarge(maxBodyBytes);
  // A body that is not JSON, or fails the schema's "an object", gets the refusal src/api.ts gives.
  if (BODY_ERRORS.has(error.code) || error.validationContext === "body") {
    return bodyRefusal(request);
  }
  if (error.statusCode !== undefined && error.statusCode < 500) {
    return new RequestError("invalid_request", error.message);
  }
  return error;
}

/** Each request's id: the caller's X-Request-Id when it is sane, else a new one, for the log. */
const requestIds = new WeakMap<FastifyRequest, string>();

function requestIdOf(request: FastifyRequest): string {
  let requestId = requestIds.get(request);
  if (requestId === undefined) {
    requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    requestIds.set(request, requestId);
  }
  return requestId;
}

/** Every answer goes out here, with the request's id. */
function send(reply: FastifyReply, { status, headers, body }: ApiReply): FastifyReply {
  return reply
    .code(status)
    .header(REQUEST_ID_HEADER, requestIdOf(reply.request))
    .headers(headers ?? {})
    .send(body);
}
