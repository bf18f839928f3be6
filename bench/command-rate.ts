// (c) Commands per second with a live page open: a burst of chat commands run in the server
// process (runCommand, as the bot does, each reply queued in the outbox), spread over the
// event's tracks, one after the other or said in several chat rooms at once (each room's
// commands one after the other), while a live-stream client (the page) follows. The rate
// counts until the page has the last change, so the change feed's work is in it.
import http from "node:http";
import type { ServerChild } from "./child.js";

export interface CommandRateReport {
  commands: number;
  /** Chat rooms saying commands at once (1: one after the other). */
  inFlight: number;
  /** Until the page had the last change. */
  perSecond: number;
  /** Until the last command was committed (the page may lag behind). */
  appliedPerSecond: number;
  /** Server CPU per command, in ms. */
  cpuMsPerCommand: number;
  /** PostgreSQL's CPU per command (its backends for this database), in ms; null on PGlite. */
  dbCpuMsPerCommand: number | null;
}

/** A live page's stream, resumed at the version it fetched; resolves versions as they arrive. */
class LivePage {
  private latest = 0;
  private waiting: { version: number; resolve: () => void } | null = null;
  private readonly request: http.ClientRequest;

  constructor(url: string, from: number) {
    this.latest = from;
    this.request = http.get(`${url}?lastEventId=${String(from)}`, (response) => {
      response.setEncoding("utf8");
      let tail = "";
      response.on("data", (chunk: string) => {
        const text = tail + chunk;
        for (const match of text.matchAll(/^id: (\d+)$/gm)) {
          this.latest = Math.max(this.latest, Number(match[1]));
        }
        tail = text.slice(-32);
        if (this.waiting !== null && this.latest >= this.waiting.version) {
          this.waiting.resolve();
          this.waiting = null;
        }
      });
    });
  }

  reached(version: number): Promise<void> {
    if (this.latest >= version) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting = { version, resolve };
    });
  }

  close(): void {
    this.request.destroy();
  }
}

export async function commandRate(
  server: ServerChild,
  commands: number,
  inFlight = 1,
): Promise<CommandRateReport> {
  const { url, slug, version } = server.ready;
  const page = new LivePage(`${url}/api/v1/events/${encodeURIComponent(slug)}/stream`, version);
  try {
    // Warm up (JIT, caches), then measure.
    const warm = await server.ask({ type: "burst", count: 20, inFlight }, "burst-done");
    await page.reached(warm.version);
    const started = performance.now();
    const done = await server.ask({ type: "burst", count: commands, inFlight }, "burst-done");
    await page.reached(done.version);
    const seconds = (performance.now() - started) / 1000;
    return {
      commands,
      inFlight,
      perSecond: commands / seconds,
      appliedPerSecond: commands / (done.ms / 1000),
      cpuMsPerCommand: done.cpuMs / commands,
      dbCpuMsPerCommand: done.dbCpuMs === null ? null : done.dbCpuMs / commands,
    };
  } finally {
    page.close();
  }
}
