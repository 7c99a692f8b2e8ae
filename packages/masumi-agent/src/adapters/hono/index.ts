/** masumi-agent/hono: the six endpoints as a Hono app, served by node:http or Bun.serve. */
export { createServer } from "./server.ts";
export { listen } from "./listen-node.ts";
export { listen as listenBun } from "../../http/bun/listen.ts";
