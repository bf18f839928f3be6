// One version of an event's state, with everything the routes serve from it computed at most
// once, when first asked for: the JSON body, its brotli and gzip forms, the SSE `state` message, and derived
// documents (ptg.json, ICS).
import type { EventState } from "../../shared/api/event-state.js";
import { STREAM_STATE } from "../../shared/api/stream.js";
import { versionEtag } from "../http/etag.js";
import { encoded, type Coding } from "../plugins/content-coding.js";
import { sseFrame } from "./sse-frames.js";

/** A document derived from a snapshot, with the ETag of the version it was read at. */
export interface Derived {
  body: Buffer;
  etag: string;
}

export class Snapshot {
  readonly etag: string;
  /** The ETag of each encoded form (a representation's ETag must differ from the others'). */
  readonly etags: Readonly<Record<Coding, string>>;
  private body: Buffer | undefined;
  private frame: Buffer | undefined;
  private readonly derived = new Map<string, Promise<Derived>>();

  constructor(readonly state: EventState) {
    this.etag = versionEtag(state.slug, state.version);
    this.etags = {
      br: versionEtag(state.slug, state.version, "br"),
      gzip: versionEtag(state.slug, state.version, "gzip"),
    };
  }

  /** The JSON body, serialized on first use (a change feed makes many versions nobody asks for). */
  get json(): Buffer {
    this.body ??= Buffer.from(JSON.stringify(this.state));
    return this.body;
  }

  get version(): number {
    return this.state.version;
  }

  /** The JSON body in a content coding (computed on first use, then kept). */
  encoded(coding: Coding): Buffer {
    return encoded(this.json, coding);
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
