/**
 * masumi-agent/express: an agent's six endpoints as Express handlers (masumiEndpoints), all of
 * them as a Router to mount (masumi), and `serve`, which listens with node:http.
 */
export { masumi, masumiEndpoints, type ExpressEndpoints } from "./endpoints.ts";
export { serve } from "./serve.ts";
