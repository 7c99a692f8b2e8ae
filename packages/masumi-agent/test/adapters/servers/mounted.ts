import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import type { AgentApp } from "masumi-agent";
import { masumi as masumiExpress } from "masumi-agent/express";
import { masumi as masumiFastify } from "masumi-agent/fastify";
import { masumi as masumiHono } from "masumi-agent/hono";

/**
 * Existing apps with a route of their own, the agent's endpoints mounted next to it, and a
 * middleware before them that sets X-Served-By on every answer before the handler runs.
 */

export function existingHonoApp(agent: AgentApp): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    c.header("X-Served-By", "hono");
    await next();
  });
  app.get("/hello", (c) => c.json({ hello: "hono" }));
  app.route("/", masumiHono(agent));
  return app;
}

export function existingExpressApp(agent: AgentApp): express.Express {
  const app = express();
  app.use((_request, response, next) => {
    response.setHeader("X-Served-By", "express");
    next();
  });
  // Before the app's own body parser: the endpoints read their bodies themselves.
  app.use(masumiExpress(agent));
  app.use(express.json());
  app.get("/hello", (_req, res) => {
    res.json({ hello: "express" });
  });
  return app;
}

export function existingFastifyApp(agent: AgentApp): ReturnType<typeof Fastify> {
  const app = Fastify();
  app.addHook("onRequest", async (_request, reply) => {
    reply.header("X-Served-By", "fastify");
  });
  app.get("/hello", async () => ({ hello: "fastify" }));
  void app.register(masumiFastify(agent));
  return app;
}
