/** A small route table: method + path (with `:name` parameters) to a handler. */
import type { Access } from "./api-keys.js";
import { HttpError } from "./http-io.js";
import type { Parsed } from "./request-schemas.js";
import type { ApiKeySeed } from "./seed.js";

export interface RouteRequest {
  /** The JSON body (POST) or `{}`. */
  body: Record<string, unknown>;
  /** The query string, one value per name. */
  query: Record<string, string>;
  params: Record<string, string>;
  /** The caller's API key; undefined on routes that need none. */
  key: ApiKeySeed | undefined;
}

export interface Route {
  method: "GET" | "POST" | "DELETE";
  path: string;
  /** What the `token` header's key must be allowed to do. */
  access: Access;
  /** Returns the `data` of the success answer, or throws an HttpError. */
  handle(request: RouteRequest): unknown;
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HttpError(400, `Failed to decode param '${value}'`);
  }
}

function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const expected = pattern.split("/");
  const actual = pathname.split("/");
  if (expected.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const value = actual[index] ?? "";
    if (part.startsWith(":")) {
      if (value === "") return null;
      params[part.slice(1)] = decodeParam(value);
    } else if (part.toLowerCase() !== value.toLowerCase()) return null; // express routes ignore case
  }
  return params;
}

/**
 * The route for a request, or the error express-zod-api answers: 405 with an Allow header for a
 * known path and another method, 404 "Can not <METHOD> <path>" for an unknown path.
 */
export function findRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } {
  // Express matches with or without one trailing slash.
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  const onPath = routes.flatMap((route) => {
    const params = matchPath(route.path, path);
    return params ? [{ route, params }] : [];
  });
  const match = onPath.find(({ route }) => route.method === method);
  if (match) return match;
  if (onPath.length > 0) {
    // express-zod-api's Allow: the methods in order, HEAD with GET, then OPTIONS.
    const methods = onPath.map(({ route }) => route.method).sort();
    const allow = [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
    throw new HttpError(405, `${method} is not allowed`, { allow });
  }
  throw new HttpError(404, `Can not ${method} ${pathname}`);
}

/** The parsed input, or a 400 with the validation message. */
export function inputOrFail<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new HttpError(400, parsed.message);
  return parsed.value;
}
