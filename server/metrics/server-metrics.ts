// The server's metrics (prom-client): HTTP requests by route and status, live streams,
// change-feed work, and the process's own (memory, CPU, event-loop lag). The process-wide
// metrics of the command core (shared/metrics) are served beside them.
import type { FastifyInstance, onResponseHookHandler } from "fastify";
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { processRegistry } from "../../shared/metrics/process-registry.js";
import type { ChangeFeed } from "../live/change-feed.js";
import type { StreamHub } from "../live/stream-hub.js";
import { HttpMetrics, type RecordResponse } from "./http-metrics.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route counts its responses itself (ServerMetrics.recorder): it gets no hook. */
    recordsOwnMetrics?: boolean;
  }
}

export interface MetricsSources {
  feed: ChangeFeed;
  hub: StreamHub;
  /** Routes whose responses stay open (their duration says nothing about speed). */
  streamingRoutes: readonly string[];
}

/** What `/metrics` serves. */
export interface MetricsExposition {
  contentType: string;
  render(): Promise<string>;
}

export interface ServerMetrics {
  registry: MetricsExposition;
  /** Counts a request no route matched. */
  unmatched: (method: string) => void;
  /** The recorder of a route that counts its responses itself (recordsOwnMetrics). */
  recorder: (route: string) => RecordResponse;
}

/** A counter whose value is kept elsewhere and read when scraped. */
function sampledCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

function sampledGauge(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

export function installMetrics(app: FastifyInstance, sources: MetricsSources): ServerMetrics {
  const { feed, hub } = sources;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const http = new HttpMetrics();
  sampledGauge(registry, "sse_streams_open", "Live streams open now", () => hub.size);
  sampledCounter(registry, "sse_streams_opened_total", "Live streams opened", () => {
    return hub.stats.opened;
  });
  sampledCounter(
    registry,
    "sse_streams_rejected_total",
    "Live streams refused by the per-client cap",
    () => hub.stats.rejected,
  );
  sampledCounter(
    registry,
    "sse_streams_dropped_total",
    "Live streams dropped because the client stopped reading",
    () => hub.stats.dropped,
  );
  sampledCounter(
    registry,
    "change_feed_notifications_total",
    "Change notifications received",
    () => feed.stats.notifications,
  );
  sampledCounter(
    registry,
    "change_feed_reloads_total",
    "Event states loaded from the database",
    () => feed.stats.reloads,
  );
  sampledCounter(
    registry,
    "change_feed_reload_errors_total",
    "Failed event state loads",
    () => feed.stats.reloadErrors,
  );
  sampledGauge(registry, "change_feed_cached_events", "Events held in the cache", () => feed.size);

  // Each route gets its own synchronous onResponse hook that knows its label, unless it counts
  // its responses itself.
  const streaming = new Set(sources.streamingRoutes);
  app.addHook("onRoute", (route) => {
    if (route.config?.recordsOwnMetrics === true) return;
    const record = http.recorder(route.url);
    const hook: onResponseHookHandler = streaming.has(route.url)
      ? (request, reply, done) => {
          record(request.method, reply.statusCode, null);
          done();
        }
      : (request, reply, done) => {
          record(request.method, reply.statusCode, reply.elapsedTime / 1000);
          done();
        };
    const existing = route.onResponse;
    route.onResponse =
      existing === undefined
        ? [hook]
        : Array.isArray(existing)
          ? [...existing, hook]
          : [existing, hook];
  });
  const countUnmatched = http.recorder("unmatched");
  const unmatched = (method: string): void => {
    countUnmatched(method, 404, null);
  };
  const exposition: MetricsExposition = {
    contentType: registry.contentType,
    render: async () => {
      const [own, core] = await Promise.all([registry.metrics(), processRegistry.metrics()]);
      const parts = [own, http.render(), core];
      return `${parts.map((part) => part.trimEnd()).join("\n")}\n`;
    },
  };
  return { registry: exposition, unmatched, recorder: (route) => http.recorder(route) };
}
