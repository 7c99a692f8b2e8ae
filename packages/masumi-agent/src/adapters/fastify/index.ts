/** masumi-agent/fastify: the six endpoints as a Fastify instance and its listener. */
export { createServer } from "./server.ts";
export { listen } from "./listen.ts";
