// GET /api/v1/events/:slug: the whole state of an event, served from the change feed's
// snapshot (no query, no serialization when nothing changed), with a version ETag.
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import { EventStateSchema } from "../../shared/api/event-state.js";
import type { ChangeFeed } from "../live/change-feed.js";
import { addPreflight, corsHeaders } from "../http/cors.js";
import { etagMatches } from "../http/etag.js";
import { preferredCoding, type Coding } from "../plugins/content-coding.js";
import { eventErrors, notModified, slugParams } from "../schemas/common.js";
import type { SlugParams } from "../schemas/params.js";
import type { Snapshot } from "../live/snapshot.js";
import { requireEvent } from "./require-event.js";

export const STATE_ROUTE = "/api/v1/events/:slug";

const JSON_TYPE = "application/json; charset=utf-8";

/** The headers of one representation (identity, br, gzip) of a snapshot: of a 304, of a 200. */
interface RepresentationHeaders {
  notModified: Readonly<Record<string, string>>;
  ok: Readonly<Record<string, string>>;
}

/**
 * Computed once per snapshot and coding, so that a cached reply sets its headers in one call
 * (the hot path of the busiest route; issue 23).
 */
const headersBySnapshot = new WeakMap<Snapshot, Map<Coding | null, RepresentationHeaders>>();

function headersFor(snapshot: Snapshot, coding: Coding | null): RepresentationHeaders {
  let byCoding = headersBySnapshot.get(snapshot);
  if (byCoding === undefined) {
    byCoding = new Map();
    headersBySnapshot.set(snapshot, byCoding);
  }
  let headers = byCoding.get(coding);
  if (headers === undefined) {
    const notModified = {
      ...corsHeaders,
      etag: coding === null ? snapshot.etag : snapshot.etags[coding],
      "cache-control": "no-cache",
      vary: "Accept-Encoding",
    };
    const ok: Record<string, string> = { ...notModified, "content-type": JSON_TYPE };
    if (coding !== null) ok["content-encoding"] = coding;
    headers = { notModified, ok };
    byCoding.set(coding, headers);
  }
  return headers;
}

function sendState(request: FastifyRequest, reply: FastifyReply, snapshot: Snapshot): void {
  const coding = preferredCoding(request.headers["accept-encoding"]);
  const headers = headersFor(snapshot, coding);
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    const { br, gzip } = snapshot.etags;
    if (etagMatches(ifNoneMatch, snapshot.etag, br, gzip)) {
      void reply.code(304).headers(headers.notModified).send();
      return;
    }
  }
  void reply.headers(headers.ok).send(coding === null ? snapshot.json : snapshot.encoded(coding));
}

export const stateRoutes: FastifyPluginCallback<{ feed: ChangeFeed }> = (app, { feed }, done) => {
  addPreflight(app, STATE_ROUTE);
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
        // Documentation only: the snapshot's bytes are sent as they are (a string or a
        // compressed Buffer), so Fastify never serializes or filters them with this schema.
        response: { 200: EventStateSchema, 304: notModified, ...eventErrors },
      },
    },
    // Synchronous when the snapshot is cached: the hot path has no promise in it.
    (request, reply) => {
      const cached = feed.current(request.params.slug);
      if (cached !== undefined) {
        sendState(request, reply, cached);
        return;
      }
      return requireEvent(feed, request.params.slug).then((snapshot) => {
        sendState(request, reply, snapshot);
      });
    },
  );
  done();
};
