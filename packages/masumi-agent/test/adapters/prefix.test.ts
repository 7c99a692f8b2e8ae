import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Serve } from "masumi-agent";
import * as expressAdapter from "masumi-agent/express";
import * as fastifyAdapter from "masumi-agent/fastify";
import * as honoAdapter from "masumi-agent/hono";
import { serveAgent, type Running } from "./agent.ts";

/** `masumi` mounted under a prefix: the endpoints answer there, a wrong method 405 there too. */
const mounts: Record<string, Serve> = {
  hono: honoAdapter.serve((agent) => new Hono().route("/agent", honoAdapter.masumi(agent))),
  express: expressAdapter.serve((agent) => express().use("/agent", expressAdapter.masumi(agent))),
  fastify: fastifyAdapter.serve((agent) => {
    const app = Fastify();
    void app.register(fastifyAdapter.masumi(agent), { prefix: "/agent" });
    return app;
  }),
};

for (const [framework, serve] of Object.entries(mounts)) {
  describe(`masumi-agent/${framework}: masumi under a prefix`, () => {
    let agent: Running;
    beforeAll(async () => {
      agent = await serveAgent(serve);
    });
    afterAll(() => agent.close());

    it("answers under the prefix, and 405 with Allow for a wrong method", async () => {
      const availability = await fetch(`${agent.url}/agent/availability`);
      expect(availability.status).toBe(200);
      const wrong = await fetch(`${agent.url}/agent/start_job`);
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get("allow")).toBe("POST");
      expect(await wrong.json()).toMatchObject({ error: "method_not_allowed" });
    });
  });
}
