// Metrics of the command core, one set per process (prom-client): commands by kind and result,
// how long what they cause takes to be delivered, and how much waits in the outbox. Whatever
// process runs the core counts here; the HTTP server of that process serves them at /metrics.
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export const processRegistry = new Registry();

export const commandsTotal = new Counter({
  name: "ptg_commands_total",
  help: "Commands run through the core, by operation kind, result (ok, refused, error) and source",
  labelNames: ["kind", "result", "source"] as const,
  registers: [processRegistry],
});

export const deliverySeconds = new Histogram({
  name: "ptg_delivery_seconds",
  help: "Time from a command's commit to the delivery of a message it caused, by message kind",
  labelNames: ["kind"] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [processRegistry],
});

let readOutboxDepth: (() => Promise<number>) | null = null;

/** Tells the registry how to count the undelivered outbox rows (the bot sets it). */
export function measureOutboxDepth(read: (() => Promise<number>) | null): void {
  readOutboxDepth = read;
}

new Gauge({
  name: "ptg_outbox_undelivered",
  help: "Messages written to the outbox and not yet delivered",
  registers: [processRegistry],
  async collect() {
    if (readOutboxDepth === null) return;
    try {
      this.set(await readOutboxDepth());
    } catch {
      // The database is away: keep the last value rather than failing the scrape.
    }
  },
});
