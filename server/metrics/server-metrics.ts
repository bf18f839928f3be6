// The server's metrics: HTTP requests by route and status, live streams, change-feed work,
// and the process's memory.
import type { FastifyInstance, onResponseHookHandler } from "fastify";
import type { ChangeFeed } from "../change-feed.js";
import type { StreamHub } from "../stream-hub.js";
import { Counter, Histogram, Registry, Sampled } from "./registry.js";

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface MetricsSources {
  feed: ChangeFeed;
  hub: StreamHub;
  /** Routes whose responses stay open (their duration says nothing about speed). */
  streamingRoutes: readonly string[];
}

/** Creates the registry and counts every response. */
export interface ServerMetrics {
  registry: Registry;
  /** Counts a request no route matched. */
  unmatched: (method: string) => void;
}

export function installMetrics(app: FastifyInstance, sources: MetricsSources): ServerMetrics {
  const { feed, hub } = sources;
  const registry = new Registry();
  const requests = registry.add(
    new Counter("http_requests_total", "HTTP responses sent, by route and status", [
      "method",
      "route",
      "status",
    ]),
  );
  const durations = registry.add(
    new Histogram(
      "http_request_duration_seconds",
      "Time to answer HTTP requests (live streams excluded)",
      ["method", "route"],
      DURATION_BUCKETS,
    ),
  );
  registry.add(new Sampled("sse_streams_open", "Live streams open now", "gauge", () => hub.size));
  registry.add(
    new Sampled(
      "sse_streams_opened_total",
      "Live streams opened",
      "counter",
      () => hub.stats.opened,
    ),
  );
  registry.add(
    new Sampled(
      "sse_streams_rejected_total",
      "Live streams refused by the per-client cap",
      "counter",
      () => hub.stats.rejected,
    ),
  );
  registry.add(
    new Sampled(
      "sse_streams_dropped_total",
      "Live streams dropped because the client stopped reading",
      "counter",
      () => hub.stats.dropped,
    ),
  );
  registry.add(
    new Sampled(
      "change_feed_notifications_total",
      "Change notifications received",
      "counter",
      () => feed.stats.notifications,
    ),
  );
  registry.add(
    new Sampled(
      "change_feed_reloads_total",
      "Event states loaded from the database",
      "counter",
      () => feed.stats.reloads,
    ),
  );
  registry.add(
    new Sampled(
      "change_feed_reload_errors_total",
      "Failed event state loads",
      "counter",
      () => feed.stats.reloadErrors,
    ),
  );
  registry.add(
    new Sampled("change_feed_cached_events", "Events held in the cache", "gauge", () => feed.size),
  );
  registry.add(
    new Sampled("process_resident_memory_bytes", "Resident set size", "gauge", () =>
      process.memoryUsage.rss(),
    ),
  );
  registry.add(
    new Sampled(
      "nodejs_heap_used_bytes",
      "V8 heap in use",
      "gauge",
      () => process.memoryUsage().heapUsed,
    ),
  );
  registry.add(
    new Sampled("process_uptime_seconds", "Seconds since the process started", "gauge", () =>
      Math.round(process.uptime()),
    ),
  );

  // Each route gets its own onResponse hook that knows its label (cheaper than reading
  // request.routeOptions, which builds an object per call).
  const streaming = new Set(sources.streamingRoutes);
  app.addHook("onRoute", (route) => {
    const label = route.url;
    const timed = !streaming.has(label);
    // Series looked up once per method and status, not per request.
    const counts = new Map<string, { value: number }>();
    const observers = new Map<string, (seconds: number) => void>();
    const hook: onResponseHookHandler = (request, reply, done) => {
      const { method } = request;
      const status = reply.statusCode;
      const key = `${method} ${status}`;
      let count = counts.get(key);
      if (count === undefined) {
        count = requests.series([method, label, String(status)]);
        counts.set(key, count);
      }
      count.value++;
      if (timed) {
        let observe = observers.get(method);
        if (observe === undefined) {
          observe = durations.observer([method, label]);
          observers.set(method, observe);
        }
        observe(reply.elapsedTime / 1000);
      }
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
  const unmatched = (method: string): void => {
    requests.inc([method, "unmatched", "404"]);
  };
  return { registry, unmatched };
}
