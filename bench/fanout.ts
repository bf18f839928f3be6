// (b) Fan-out: N live-stream clients on raw sockets (no HTTP client library, to keep the driver
// light), one chat command applied in the server process, and the time until the last client
// has the change; plus the server's resident memory.
import net from "node:net";
import type { ServerChild } from "./child.js";

export interface FanoutOptions {
  clients: number;
  /** Open this many connections at a time. */
  connectBatch: number;
  /** Receive the whole state first, as a browser does (else resume at the current version). */
  withState: boolean;
}

export interface FanoutReport {
  clients: number;
  connected: number;
  connectSeconds: number;
  commandMs: number;
  firstMs: number;
  medianMs: number;
  p99Ms: number;
  lastMs: number;
  missing: number;
  rssIdleBytes: number;
  rssConnectedBytes: number;
  rssAfterBytes: number;
}

const CHANGE_MARKER = "event: change\n";
const STATE_END = /event: state\ndata: [^\n]*\n\n/;

class StreamClient {
  ready = false;
  changedAt: number | null = null;
  private text = "";
  readonly socket: net.Socket;

  constructor(
    host: string,
    port: number,
    path: string,
    private readonly withState: boolean,
    onReady: () => void,
    onChange: () => void,
    onError: (error: Error) => void,
  ) {
    this.socket = net.connect({ host, port });
    this.socket.setEncoding("latin1");
    this.socket.on("connect", () => {
      this.socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: text/event-stream\r\n\r\n`,
      );
    });
    this.socket.on("data", (chunk: string) => {
      if (this.changedAt !== null) return;
      this.text += chunk;
      if (!this.ready) {
        const headersEnd = this.text.indexOf("\r\n\r\n");
        if (headersEnd < 0) return;
        if (!this.text.startsWith("HTTP/1.1 200")) {
          onError(new Error(`stream refused: ${this.text.slice(0, 60)}`));
          this.socket.destroy();
          return;
        }
        if (this.withState && !STATE_END.test(this.text)) return;
        this.ready = true;
        this.text = this.text.slice(-CHANGE_MARKER.length);
        onReady();
        return;
      }
      if (this.text.includes(CHANGE_MARKER)) {
        this.changedAt = performance.now();
        this.text = "";
        onChange();
      } else {
        this.text = this.text.slice(-CHANGE_MARKER.length);
      }
    });
    this.socket.on("error", onError);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export async function fanout(server: ServerChild, options: FanoutOptions): Promise<FanoutReport> {
  const { url, slug, version } = server.ready;
  const { hostname, port } = new URL(url);
  const path =
    `/api/v1/events/${encodeURIComponent(slug)}/stream` +
    (options.withState ? "" : `?lastEventId=${version}`);
  const idle = await server.ask({ type: "rss" }, "rss");

  const clients: StreamClient[] = [];
  let changed = 0;
  let failures = 0;
  let onAllChanged: () => void = () => undefined;
  const allChanged = new Promise<void>((resolve) => {
    onAllChanged = resolve;
  });

  const connectStarted = performance.now();
  for (let i = 0; i < options.clients; i += options.connectBatch) {
    const batch = Math.min(options.connectBatch, options.clients - i);
    await new Promise<void>((resolve) => {
      let pending = batch;
      const settle = (): void => {
        if (--pending === 0) resolve();
      };
      for (let j = 0; j < batch; j++) {
        let settled = false;
        const once = (): void => {
          if (!settled) {
            settled = true;
            settle();
          }
        };
        const client = new StreamClient(
          hostname,
          Number(port),
          path,
          options.withState,
          once,
          () => {
            if (++changed === clients.length - failures) onAllChanged();
          },
          (error) => {
            if (!settled) {
              failures++;
              if (failures <= 3) console.error(`  client error: ${error.message}`);
            }
            once();
          },
        );
        clients.push(client);
      }
    });
  }
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const connected = clients.filter((c) => c.ready).length;
  const withStreams = await server.ask({ type: "rss" }, "rss");
  if (withStreams.streams < connected) {
    console.error(`  the server reports ${withStreams.streams} streams, ${connected} expected`);
  }

  const started = performance.now();
  const applied = server.ask({ type: "apply", text: "#nova now fan-out benchmark" }, "applied");
  const { ms: commandMs } = await applied;
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 30_000).unref());
  await Promise.race([allChanged, timeout]);

  const times = clients
    .flatMap((c) => (c.changedAt === null ? [] : [c.changedAt - started]))
    .sort((a, b) => a - b);
  const after = await server.ask({ type: "rss" }, "rss");
  for (const client of clients) client.socket.destroy();

  return {
    clients: options.clients,
    connected,
    connectSeconds,
    commandMs,
    firstMs: times[0] ?? NaN,
    medianMs: percentile(times, 50),
    p99Ms: percentile(times, 99),
    lastMs: times.at(-1) ?? NaN,
    missing: connected - times.length,
    rssIdleBytes: idle.rss,
    rssConnectedBytes: withStreams.rss,
    rssAfterBytes: after.rss,
  };
}
