// One version of an event's state, with everything the routes serve from it computed at most
// once: the JSON body, its gzip, the SSE `state` message, and derived documents (ptg.json, ICS).
import { gzipSync } from "node:zlib";
import type { EventState } from "../shared/api/event-state.js";
import { STREAM_STATE } from "../shared/api/stream.js";
import { versionEtag } from "./etag.js";
import { sseFrame } from "./sse-frames.js";

/** A document derived from a snapshot, with the ETag of the version it was read at. */
export interface Derived {
  body: Buffer;
  etag: string;
}

export class Snapshot {
  readonly json: Buffer;
  readonly etag: string;
  readonly gzipEtag: string;
  private gzipped: Buffer | undefined;
  private frame: Buffer | undefined;
  private readonly derived = new Map<string, Promise<Derived>>();

  constructor(readonly state: EventState) {
    this.json = Buffer.from(JSON.stringify(state));
    this.etag = versionEtag(state.slug, state.version);
    this.gzipEtag = versionEtag(state.slug, state.version, "gzip");
  }

  get version(): number {
    return this.state.version;
  }

  /** The JSON body, gzip-compressed (computed on first use). */
  gzip(): Buffer {
    this.gzipped ??= gzipSync(this.json);
    return this.gzipped;
  }

  /** The SSE `state` message for this version. */
  stateFrame(): Buffer {
    this.frame ??= sseFrame(STREAM_STATE, this.version, this.json.toString("utf8"));
    return this.frame;
  }

  /** A derived document, computed once per snapshot (concurrent callers share the work). */
  derive(key: string, compute: () => Promise<Derived>): Promise<Derived> {
    let pending = this.derived.get(key);
    if (pending === undefined) {
      pending = compute();
      this.derived.set(key, pending);
      pending.catch(() => this.derived.delete(key));
    }
    return pending;
  }
}
