// GET /metrics: Prometheus text format.
import type { FastifyPluginCallback } from "fastify";
import type { Registry } from "../metrics/registry.js";
import { textResponse } from "../schemas/common.js";

export const metricsRoutes: FastifyPluginCallback<{ registry: Registry }> = (
  app,
  { registry },
  done,
) => {
  app.get(
    "/metrics",
    {
      schema: {
        tags: ["operations"],
        summary: "Prometheus metrics",
        response: { 200: textResponse("text/plain", "Prometheus text exposition format 0.0.4") },
      },
    },
    (_request, reply) => {
      void reply
        .type("text/plain; version=0.0.4; charset=utf-8")
        .header("cache-control", "no-store")
        .send(registry.render());
    },
  );
  done();
};
