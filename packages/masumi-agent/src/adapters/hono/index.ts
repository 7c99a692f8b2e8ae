/**
 * masumi-agent/hono: an agent's six endpoints as Hono handlers (masumiEndpoints), all of them as a
 * Hono app to mount (masumi), and `serve`, which listens with node:http or, on Bun, Bun.serve.
 */
export { masumi, masumiEndpoints, type HonoEndpoints } from "./endpoints.ts";
export { serve } from "./serve.ts";
