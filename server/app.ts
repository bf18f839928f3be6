// The HTTP adapter: Fastify over the change feed and the store. Each route group is an
// encapsulated plugin in routes/; this file wires them with the shared pieces (errors,
// security headers, rate limits, metrics, OpenAPI).
import Fastify, { type FastifyInstance, type FastifyServerOptions, type LogLevel } from "fastify";
import { widgetApi } from "./routes/widget-api.js";
import { ChangeFeed } from "./live/change-feed.js";
import { recordRoutes } from "./http/allowed-methods.js";
import { clientErrorHandler, frameworkErrorHandler, installErrorHandlers } from "./http/errors.js";
import { installMetrics } from "./metrics/server-metrics.js";
import { measureOutboxDepth } from "../shared/metrics/process-registry.js";
import { undeliveredCount } from "../shared/store/outbox.js";
import { compressCachedBody } from "./plugins/compress-cached.js";
import {
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_LIMITS,
  DEFAULT_WIDGET_DIR,
  type BuildServerOptions,
} from "./http/options.js";
import { lazySchemaCompilers } from "./http/lazy-schema-compilers.js";
import { installRateLimit } from "./http/rate-limit.js";
import { calendarRoutes } from "./routes/calendar.js";
import { privateCalendarRoutes } from "./routes/private-calendar.js";
import { docsRoutes, installOpenApi } from "./routes/docs.js";
import { errorPageRoutes } from "./routes/error-page.js";
import { healthRoutes } from "./routes/health.js";
import { helpRoutes } from "./routes/help.js";
import { metricsRoutes } from "./routes/metrics.js";
import { ptgJsonRoutes } from "./routes/ptgbot-json.js";
import { scheduleExportRoutes } from "./routes/schedule-export.js";
import { STATE_ROUTE, stateRoutes } from "./routes/state.js";
import { STREAM_ROUTE, streamRoutes } from "./routes/stream.js";
import { widgetRoutes } from "./routes/widget.js";
import { baseHeaders, installBaseHeaders } from "./http/security-headers.js";
import { StreamHub } from "./live/stream-hub.js";
import { rootLogger } from "../shared/log.js";

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const { store, config } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const headers = baseHeaders(config.publicUrl);
  const fastifyOptions: FastifyServerOptions = {
    // Requests and errors go to the process's logger (shared/log.ts), when asked for.
    ...(options.logger === true
      ? {
          loggerInstance: rootLogger(config.logLevel ?? "info").child(
            { component: "server" },
            { level: config.logLevel ?? "info" },
          ),
        }
      : { logger: false }),
    trustProxy: options.trustProxy ?? false,
    // Unknown body fields are refused (400 naming the field), not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    // Each route's schemas compile on its first request, not all at start (issue 23).
    schemaController: { compilersFactory: lazySchemaCompilers() },
    // Errors raised before any hook runs get the API's error shape and headers too.
    frameworkErrors: frameworkErrorHandler(headers),
    clientErrorHandler: clientErrorHandler(headers),
  };
  const app = Fastify(fastifyOptions);
  try {
    const allowedMethods = recordRoutes(app);

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
    const { registry, unmatched, recorder } = installMetrics(app, {
      feed,
      hub,
      streamingRoutes: [STREAM_ROUTE],
    });
    measureOutboxDepth(() => undeliveredCount(store.db));
    installErrorHandlers(app, { baseHeaders: headers, allowedMethods, onNotFound: unmatched });

    const probes = probeLogLevel(config.logLevel ?? "info");
    // The state endpoint runs no hook (routes/state.ts): it writes the security headers itself,
    // outside the scope where a hook sets them on every other route's responses. Errors and
    // 404s get them from the error handlers.
    await app.register(stateRoutes, {
      feed,
      baseHeaders: headers,
      record: recorder(STATE_ROUTE),
      logLevel: probes,
    });
    await app.register(async (scope) => {
      installBaseHeaders(scope, config.publicUrl);
      await scope.register(healthRoutes, {
        db: store.db,
        waitingFor: store.waitingFor,
        logLevel: probes,
      });
      await scope.register(metricsRoutes, { registry, logLevel: probes });
      await scope.register(streamRoutes, { feed, hub, limits, limiters });
      // ptg.json and calendars, compressed once per version (not the state: it has its own).
      await scope.register(async (documents) => {
        documents.addHook("onSend", compressCachedBody);
        await documents.register(ptgJsonRoutes, {
          feed,
          db: store.db,
          publishSubscriptions: config.publishSubscriptions ?? false,
        });
        await documents.register(calendarRoutes, {
          feed,
          publicUrl: config.publicUrl,
          db: store.db,
        });
        await documents.register(scheduleExportRoutes, { feed, db: store.db });
      });
      await scope.register(privateCalendarRoutes, {
        feed,
        db: store.db,
        publicUrl: config.publicUrl,
      });
      await scope.register(widgetRoutes, {
        feed,
        widgetDir: options.widgetDir ?? DEFAULT_WIDGET_DIR,
      });
      await scope.register(helpRoutes);
      await scope.register(errorPageRoutes);
      await scope.register(docsRoutes);
      await scope.register(widgetApi, {
        prefix: "/api/v1",
        db: store.db,
        publicUrl: config.publicUrl,
        ...(config.matrixServers ? { matrixServers: config.matrixServers } : {}),
        ...(config.bridgedUsers === undefined ? {} : { bridgedUsers: config.bridgedUsers }),
        ...(config.powerMaxAgeSeconds === undefined
          ? {}
          : { powerMaxAgeSeconds: config.powerMaxAgeSeconds }),
        ...options.widgetAuth,
      });
    });
    await app.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/**
 * The level of health-probe, metric-scrape and state-endpoint request logs: they are debug
 * records, shown only when LOG_LEVEL is debug or trace (a route's logLevel is the threshold of its request logs).
 */
function probeLogLevel(level: NonNullable<BuildServerOptions["config"]["logLevel"]>): LogLevel {
  return level === "debug" || level === "trace" ? level : level === "info" ? "warn" : level;
}
