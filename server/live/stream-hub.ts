// The open Server-Sent Events responses: a cap per client address, one heartbeat timer for all
// of them, dropping of clients that stop reading, and closing them all at shutdown.
import type { ServerResponse } from "node:http";
import { PING_FRAME } from "./sse-frames.js";

export interface StreamHubOptions {
  /** Interval of `: ping` heartbeats, in ms. */
  heartbeatMs: number;
  /** Open streams allowed per client address. */
  maxPerClient: number;
  /** A stream whose unsent data grows past this many bytes is dropped. */
  maxBufferedBytes: number;
}

export interface StreamStats {
  opened: number;
  rejected: number;
  dropped: number;
}

interface OpenStream {
  readonly res: ServerResponse;
  readonly client: string;
  unsubscribe: () => void;
}

/** What a stream's source gets: a way to send a frame and a way to end the stream. */
export interface StreamSink {
  send(frame: Buffer): void;
  end(): void;
}

export class StreamHub {
  readonly stats: StreamStats = { opened: 0, rejected: 0, dropped: 0 };
  private readonly streams = new Set<OpenStream>();
  private readonly perClient = new Map<string, number>();
  private heartbeat: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(private readonly options: StreamHubOptions) {}

  get size(): number {
    return this.streams.size;
  }

  /** True when this client may open another stream; counts a refusal otherwise. */
  admit(client: string): boolean {
    const ok = !this.closing && (this.perClient.get(client) ?? 0) < this.options.maxPerClient;
    if (!ok) this.stats.rejected++;
    return ok;
  }

  /**
   * Takes over a response whose headers are written: sends the first frames, then whatever
   * `subscribe` feeds it, until either side ends. `subscribe` returns its unsubscribe.
   */
  attach(
    res: ServerResponse,
    client: string,
    first: readonly Buffer[],
    subscribe: (sink: StreamSink) => () => void,
  ): void {
    if (res.destroyed || res.socket === null || res.socket.destroyed) {
      // The client left while we were getting ready: nothing to attach.
      res.destroy();
      return;
    }
    const stream: OpenStream = { res, client, unsubscribe: () => undefined };
    this.streams.add(stream);
    this.perClient.set(client, (this.perClient.get(client) ?? 0) + 1);
    this.stats.opened++;
    let done = false;
    const cleanup = (): void => {
      if (done) return;
      done = true;
      this.streams.delete(stream);
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
      stream.unsubscribe();
      if (this.streams.size === 0) this.stopHeartbeat();
    };
    res.on("close", cleanup);
    for (const frame of first) this.send(stream, frame);
    stream.unsubscribe = subscribe({
      send: (frame) => {
        this.send(stream, frame);
      },
      end: () => {
        res.end();
      },
    });
    if (!this.streams.has(stream)) stream.unsubscribe(); // closed while subscribing
    this.startHeartbeat();
  }

  /** Ends every stream (clients reconnect elsewhere, or later, and resume). */
  closeAll(): void {
    this.closing = true;
    this.stopHeartbeat();
    for (const stream of [...this.streams]) stream.res.end();
  }

  private send(stream: OpenStream, frame: Buffer): void {
    const { res } = stream;
    if (res.writableEnded || res.destroyed) return;
    res.write(frame);
    if (res.writableLength > this.options.maxBufferedBytes) {
      // The client does not read: drop it rather than buffer without bound.
      this.stats.dropped++;
      res.destroy();
    }
  }

  private startHeartbeat(): void {
    if (this.heartbeat !== null || this.closing || this.streams.size === 0) return;
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams) this.send(stream, PING_FRAME);
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat === null) return;
    clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
