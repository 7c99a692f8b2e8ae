import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from "fastify";
import {
  bodyRefusal,
  bodyTooLarge,
  parseQuery,
  type Api,
  type ApiReply,
  type ApiRequest,
} from "../../api.ts";
import { RequestError } from "../../jobs/errors.ts";
import { answerClientError } from "../../node-http.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "../../request-id.ts";
import { routeSchema } from "./schemas.ts";

/** The HTTP side of the agent: a Fastify app that serves the endpoints of src/api.ts. */
export function createServer(api: Api): FastifyInstance {
  const app = Fastify({
    bodyLimit: api.maxBodyBytes,
    // "__proto__" and "constructor" keys are plain data to src/api.ts, never merged into objects.
    onProtoPoisoning: "ignore",
    onConstructorPoisoning: "ignore",
    // Requests arriving during shutdown are still answered, as running jobs finish.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, querystringParser: parseQuery },
    // request.id is src/request-id.ts's id; Fastify's own reading of the header would take any.
    requestIdHeader: false,
    genReqId: (request) => requestIdFrom(request.headers[REQUEST_ID_HEADER]),
    // What Node refuses before a route sees it gets the JSON of every refusal, not Fastify's own.
    clientErrorHandler: answerClientError,
    // A path that is not valid percent-encoding ("/%zz") names no endpoint.
    frameworkErrors: (_error, request, reply) => {
      send(reply, api.notFound(request.method, pathOf(request.url), request.id));
    },
  });

  // Every body is read as JSON, whatever its Content-Type: src/api.ts judges the type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "*",
    { parseAs: "string" },
    app.getDefaultJsonParser("ignore", "ignore"),
  );

  for (const route of api.routes) {
    app.route({
      method: route.method,
      url: route.path,
      schema: routeSchema(route),
      handler: async (request, reply) => {
        // The query parser above gives one string per name.
        const query = request.query as ApiRequest["query"];
        const contentType = request.headers["content-type"];
        return send(reply, await route.handle({ query, contentType, body: request.body }));
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    return send(reply, api.notFound(request.method, pathOf(request.url), request.id));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const contentType = request.headers["content-type"];
    return send(
      reply,
      api.failure(
        fromFastify(error, { contentType, body: request.body }, api.maxBodyBytes),
        request.id,
      ),
    );
  });
  return app;
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

/** Every answer goes out here, with the request's id. */
function send(reply: FastifyReply, { status, headers, body }: ApiReply): FastifyReply {
  return reply
    .code(status)
    .header(REQUEST_ID_HEADER, reply.request.id)
    .headers(headers ?? {})
    .send(body);
}
