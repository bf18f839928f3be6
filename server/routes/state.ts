// GET /api/v1/events/:slug: the whole state of an event, served from the change feed's
// snapshot (no query, no serialization when nothing changed), with a version ETag.
// The busiest route, kept within a tenth of a bare Fastify route serving the same bytes
// (issue 23): it runs no hook. It is registered where no hook sets the security headers (app.ts)
// and writes those that matter for a JSON body itself (jsonBodyHeaders), with the rest of a head
// computed once per snapshot and coding, found by the request's raw Accept-Encoding; it
// counts its responses itself instead of an onResponse hook (timed from its handler's start,
// where the hook timed from routing); its requests are logged only at the given level (as
// health probes are).
import type { FastifyPluginCallback, FastifyReply, FastifyRequest, LogLevel } from "fastify";
import { EventStateSchema } from "../../shared/api/event-state.js";
import type { ChangeFeed } from "../live/change-feed.js";
import { addPreflight, etagOnlyCorsHeaders } from "../http/cors.js";
import { etagMatches } from "../http/etag.js";
import type { RecordResponse } from "../metrics/http-metrics.js";
import { jsonBodyHeaders } from "../http/security-headers.js";
import { preferredCoding, type Coding } from "../plugins/content-coding.js";
import { eventErrors, notModified, slugParams } from "../schemas/common.js";
import type { SlugParams } from "../schemas/params.js";
import type { Snapshot } from "../live/snapshot.js";
import { requireEvent } from "./require-event.js";

export const STATE_ROUTE = "/api/v1/events/:slug";

const JSON_TYPE = "application/json; charset=utf-8";

export interface StateRouteOptions {
  feed: ChangeFeed;
  /** The security headers of every response (security-headers.ts), written by this route. */
  baseHeaders: Readonly<Record<string, string>>;
  /** Counts a response of this route (the metrics' recorder for STATE_ROUTE). */
  record: RecordResponse;
  /** The level of this route's request logs (default: the server's). */
  logLevel?: LogLevel;
}

/**
 * One representation (identity, br, gzip) of a snapshot: its body, and the head of a 200 and of
 * a 304, each a flat list of names and values (Node's writeHead takes it as it is, without
 * walking an object's keys).
 */
interface Representation {
  body: Buffer;
  ok: string[];
  notModified: string[];
}

/** The representations of one snapshot, by coding and by the Accept-Encoding asking for them. */
interface SnapshotRepresentations {
  byCoding: Map<Coding | null, Representation>;
  byAcceptEncoding: Map<string, Representation>;
}

/** Browsers send a handful of distinct Accept-Encoding values: at most this many are kept. */
const KEPT_ACCEPT_ENCODINGS = 64;

/**
 * The representations of snapshots, each made on first request and kept with its snapshot. A
 * request's representation is found by its raw Accept-Encoding value: the coding is negotiated
 * once per snapshot and value, not on every request.
 */
class Representations {
  private readonly bySnapshot = new WeakMap<Snapshot, SnapshotRepresentations>();

  /** The state route's head: the security headers that matter for JSON, and CORS. */
  private readonly head: Readonly<Record<string, string>>;

  constructor(baseHeaders: Readonly<Record<string, string>>) {
    this.head = { ...jsonBodyHeaders(baseHeaders), ...etagOnlyCorsHeaders };
  }

  of(snapshot: Snapshot, acceptEncoding: string | string[] | undefined): Representation {
    let forms = this.bySnapshot.get(snapshot);
    if (forms === undefined) {
      forms = { byCoding: new Map(), byAcceptEncoding: new Map() };
      this.bySnapshot.set(snapshot, forms);
    }
    const key = typeof acceptEncoding === "string" ? acceptEncoding : String(acceptEncoding ?? "");
    let representation = forms.byAcceptEncoding.get(key);
    if (representation === undefined) {
      const coding = preferredCoding(acceptEncoding);
      representation = forms.byCoding.get(coding);
      if (representation === undefined) {
        representation = this.make(snapshot, coding);
        forms.byCoding.set(coding, representation);
      }
      if (forms.byAcceptEncoding.size >= KEPT_ACCEPT_ENCODINGS) forms.byAcceptEncoding.clear();
      forms.byAcceptEncoding.set(key, representation);
    }
    return representation;
  }

  private make(snapshot: Snapshot, coding: Coding | null): Representation {
    const body = coding === null ? snapshot.json : snapshot.encoded(coding);
    const notModified: Record<string, string> = {
      ...this.head,
      etag: coding === null ? snapshot.etag : snapshot.etags[coding],
      "cache-control": "no-cache",
      vary: "Accept-Encoding",
    };
    const ok: Record<string, string> = {
      ...notModified,
      "content-type": JSON_TYPE,
      "content-length": String(body.length),
    };
    if (coding !== null) ok["content-encoding"] = coding;
    return { body, ok: Object.entries(ok).flat(), notModified: Object.entries(notModified).flat() };
  }
}

/**
 * Writes a representation on Node's response in one writeHead and one end (Fastify's reply
 * would copy each header one by one and measure the body again).
 */
function sendState(
  request: FastifyRequest,
  reply: FastifyReply,
  representations: Representations,
  snapshot: Snapshot,
): void {
  const { headers } = request;
  const representation = representations.of(snapshot, headers["accept-encoding"]);
  reply.hijack();
  const ifNoneMatch = headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    const { br, gzip } = snapshot.etags;
    if (etagMatches(ifNoneMatch, snapshot.etag, br, gzip)) {
      reply.raw.writeHead(304, representation.notModified).end();
      return;
    }
  }
  const response = reply.raw.writeHead(200, representation.ok);
  if (request.method === "HEAD") response.end();
  else response.end(representation.body);
}

export const stateRoutes: FastifyPluginCallback<StateRouteOptions> = (
  app,
  { feed, baseHeaders, record, logLevel },
  done,
) => {
  const representations = new Representations(baseHeaders);
  addPreflight(app, STATE_ROUTE, baseHeaders);
  app.get<{ Params: SlugParams }>(
    STATE_ROUTE,
    {
      schema: {
        tags: ["events"],
        summary: "The whole state of an event",
        description:
          'Typed state (EventState, shared/api/event-state.ts). `ETag` is `"<slug>-<version>"`; send it ' +
          "back in `If-None-Match` to get `304` when nothing changed. brotli or gzip on request.",
        params: slugParams,
        // Documentation only: the snapshot's bytes are written as they are, so Fastify never
        // serializes or filters them with this schema.
        response: { 200: EventStateSchema, 304: notModified, ...eventErrors },
      },
      // A bad slug reaches the handler, which throws it (400), so that it is counted too.
      attachValidation: true,
      config: { recordsOwnMetrics: true },
      ...(logLevel === undefined ? {} : { logLevel }),
    },
    // Synchronous when the snapshot is cached: the hot path has no promise in it.
    (request, reply) => {
      const started = performance.now();
      const cached =
        request.validationError === undefined ? feed.current(request.params.slug) : undefined;
      if (cached !== undefined) {
        sendState(request, reply, representations, cached);
        record(request.method, reply.raw.statusCode, (performance.now() - started) / 1000);
        return;
      }
      // Anything else (a load, a 404, a 400) is counted once its response has gone.
      reply.raw.once("finish", () => {
        record(request.method, reply.raw.statusCode, (performance.now() - started) / 1000);
      });
      if (request.validationError !== undefined) throw request.validationError;
      return requireEvent(feed, request.params.slug).then((snapshot) => {
        sendState(request, reply, representations, snapshot);
      });
    },
  );
  done();
};
