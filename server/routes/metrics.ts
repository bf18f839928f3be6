// GET /metrics: Prometheus text format.
import type { FastifyPluginCallback, LogLevel } from "fastify";
import type { MetricsExposition } from "../metrics/server-metrics.js";
import { textResponse } from "../schemas/common.js";

export const metricsRoutes: FastifyPluginCallback<{
  registry: MetricsExposition;
  logLevel?: LogLevel;
}> = (app, { registry, logLevel = "warn" }, done) => {
  app.get(
    "/metrics",
    {
      logLevel, // scraped every few seconds
      schema: {
        tags: ["operations"],
        summary: "Prometheus metrics",
        response: { 200: textResponse("text/plain", "Prometheus text exposition format 0.0.4") },
      },
    },
    async (_request, reply) => {
      const body = await registry.render();
      return reply.type(registry.contentType).header("cache-control", "no-store").send(body);
    },
  );
  done();
};
