import type { Api, Route } from "../api.ts";

/** The six endpoints of MIP-003 by the name each adapter gives its handler, and their paths. */
export const ENDPOINTS = {
  startJob: "/start_job",
  status: "/status",
  provideInput: "/provide_input",
  availability: "/availability",
  inputSchema: "/input_schema",
  demo: "/demo",
} as const;

export type EndpointName = keyof typeof ENDPOINTS;

export const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as EndpointName[];

export function routeOf(api: Api, name: EndpointName): Route {
  const route = api.routes.find((candidate) => candidate.path === ENDPOINTS[name]);
  if (!route) throw new Error(`The API has no route ${ENDPOINTS[name]}`);
  return route;
}

/** The query string of a request URL ("/status?job_id=1" gives "job_id=1"). */
export function searchOf(url: string): string {
  const start = url.indexOf("?");
  return start < 0 ? "" : url.slice(start + 1);
}
