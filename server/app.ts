// The HTTP adapter: Fastify over the change feed and the store. Each route group is an
// encapsulated plugin in routes/; this file wires them with the shared pieces (errors,
// security headers, rate limits, metrics, OpenAPI).
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { ChangeFeed } from "./change-feed.js";
import { installErrorHandlers } from "./errors.js";
import { installMetrics } from "./metrics/server-metrics.js";
import { compressCachedBody } from "./plugins/compress-cached.js";
import {
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_LIMITS,
  DEFAULT_WIDGET_DIR,
  type BuildServerOptions,
} from "./options.js";
import { installRateLimit } from "./rate-limit.js";
import { calendarRoutes } from "./routes/calendar.js";
import { docsRoutes, installOpenApi } from "./routes/docs.js";
import { healthRoutes } from "./routes/health.js";
import { helpRoutes } from "./routes/help.js";
import { metricsRoutes } from "./routes/metrics.js";
import { ptgJsonRoutes } from "./routes/ptgbot-json.js";
import { stateRoutes } from "./routes/state.js";
import { STREAM_ROUTE, streamRoutes } from "./routes/stream.js";
import { widgetRoutes } from "./routes/widget.js";
import { installBaseHeaders } from "./security-headers.js";
import { StreamHub } from "./stream-hub.js";

export type { BuildServerOptions, ServerLimits } from "./options.js";

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const { store, config } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const fastifyOptions: FastifyServerOptions = {
    logger: options.logger === true ? { level: config.logLevel ?? "info" } : false,
    trustProxy: options.trustProxy ?? false,
  };
  const app = Fastify(fastifyOptions);
  try {
    installBaseHeaders(app, config.publicUrl);

    const feed = await ChangeFeed.open(store, {
      historySize: options.historySize ?? 500,
      verifyIntervalMs: options.verifyIntervalMs ?? 30_000,
      onError: (error, slug) => {
        app.log.warn({ err: error, slug }, "change feed: could not load an event");
      },
    });
    const hub = new StreamHub({
      heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      maxPerClient: limits.streamsPerClient,
      maxBufferedBytes: limits.maxStreamBufferBytes,
    });
    // Streams never finish by themselves: end them first, so that the server can close.
    app.addHook("preClose", (done) => {
      hub.closeAll();
      done();
    });
    app.addHook("onClose", async () => {
      await feed.close();
    });

    await installOpenApi(app, config.publicUrl);
    const limiters = await installRateLimit(app, limits);
    const { registry, unmatched } = installMetrics(app, {
      feed,
      hub,
      streamingRoutes: [STREAM_ROUTE],
    });
    installErrorHandlers(app, unmatched);

    await app.register(healthRoutes, { db: store.db });
    await app.register(metricsRoutes, { registry });
    await app.register(stateRoutes, { feed });
    await app.register(streamRoutes, { feed, hub, limits, limiters });
    // ptg.json and calendars, compressed once per version (not the state: it has its own).
    await app.register(async (documents) => {
      documents.addHook("onSend", compressCachedBody);
      await documents.register(ptgJsonRoutes, { feed, db: store.db });
      await documents.register(calendarRoutes, { feed, publicUrl: config.publicUrl });
    });
    await app.register(widgetRoutes, { feed, widgetDir: options.widgetDir ?? DEFAULT_WIDGET_DIR });
    await app.register(helpRoutes);
    await app.register(docsRoutes);
    await app.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
