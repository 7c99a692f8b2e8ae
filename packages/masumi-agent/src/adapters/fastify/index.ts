/**
 * masumi-agent/fastify: an agent's six endpoints as Fastify route options (masumiEndpoints), all
 * of them as a plugin to register (masumi), and `serve`, which listens with Fastify's node:http
 * server.
 */
export { masumi, masumiEndpoints, type FastifyEndpoints } from "./endpoints.ts";
export { serve } from "./serve.ts";
