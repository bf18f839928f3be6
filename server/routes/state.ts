// GET /api/v1/events/:slug: the whole state of an event, served from the change feed's
// snapshot (no query, no serialization when nothing changed), with a version ETag.
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import { EventStateSchema } from "../../shared/api/event-state.js";
import type { ChangeFeed } from "../live/change-feed.js";
import { addPreflight, allowAnyOrigin } from "../http/cors.js";
import { etagMatches } from "../http/etag.js";
import { preferredCoding } from "../plugins/content-coding.js";
import { eventErrors, notModified, slugParams } from "../schemas/common.js";
import type { SlugParams } from "../schemas/params.js";
import type { Snapshot } from "../live/snapshot.js";
import { requireEvent } from "./require-event.js";

export const STATE_ROUTE = "/api/v1/events/:slug";

const JSON_TYPE = "application/json; charset=utf-8";

function sendState(request: FastifyRequest, reply: FastifyReply, snapshot: Snapshot): void {
  allowAnyOrigin(reply);
  const coding = preferredCoding(request.headers["accept-encoding"]);
  void reply
    .header("etag", coding === null ? snapshot.etag : snapshot.etags[coding])
    .header("cache-control", "no-cache")
    .header("vary", "Accept-Encoding");
  const { br, gzip } = snapshot.etags;
  if (etagMatches(request.headers["if-none-match"], snapshot.etag, br, gzip)) {
    void reply.code(304).send();
    return;
  }
  if (coding === null) {
    void reply.type(JSON_TYPE).send(snapshot.json);
    return;
  }
  void reply.header("content-encoding", coding).type(JSON_TYPE).send(snapshot.encoded(coding));
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
