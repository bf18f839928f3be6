// GET /api/v1/events/:slug/stream: Server-Sent Events per shared/api/stream.ts.
// First the whole state (`event: state`), or, when the client resumes from a version the history
// still covers, exactly the changes it missed (nothing when it is current: a page that fetched
// the state opens its stream with `?lastEventId=<that version>`, so the state crosses the wire
// once); then one `event: change` per new version; `: ping` heartbeats in between. Every
// message's `id:` is the version it brings. The Last-Event-ID header wins over the query: an
// EventSource reconnecting to the same URL sends the last version it received in it.
import type { OutgoingHttpHeaders } from "node:http";
import type { FastifyPluginCallback } from "fastify";
import type { ChangeFeed } from "../live/change-feed.js";
import { addPreflight, corsHeaders } from "../http/cors.js";
import { HttpError } from "../http/errors.js";
import type { ServerLimits } from "../http/options.js";
import { limitedBy, type RateLimiters } from "../http/rate-limit.js";
import {
  StreamHeadersSchema,
  StreamQuerySchema,
  type StreamHeaders,
  type StreamQuery,
} from "../schemas/stream-request.js";
import { eventErrors, slugParams } from "../schemas/common.js";
import type { SlugParams } from "../schemas/params.js";
import { RETRY_FRAME } from "../live/sse-frames.js";
import type { StreamHub } from "../live/stream-hub.js";
import { requireEvent, unknownEvent } from "./require-event.js";

export const STREAM_ROUTE = "/api/v1/events/:slug/stream";

const SSE_HEADERS: OutgoingHttpHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
  ...corsHeaders,
};

const VERSION_PATTERN = /^\d{1,15}$/;

/** A Last-Event-ID header we can use, or null (a bad one is ignored: the client gets the state). */
function headerVersion(value: string | undefined): number | null {
  const text = value?.trim();
  return text !== undefined && VERSION_PATTERN.test(text) ? Number(text) : null;
}

/**
 * A message with an `id:` and no data: EventSource fires nothing for it but remembers the id, so
 * that a stream opened with `?lastEventId=` reconnects with that version in Last-Event-ID even
 * when nothing changed in between.
 */
function versionFrame(version: number): Buffer {
  return Buffer.from(`id: ${String(version)}\n\n`);
}

interface StreamRoute {
  Params: SlugParams;
  Querystring: StreamQuery;
  Headers: StreamHeaders;
}

export interface StreamRoutesOptions {
  feed: ChangeFeed;
  hub: StreamHub;
  limits: ServerLimits;
  limiters: RateLimiters;
}

export const streamRoutes: FastifyPluginCallback<StreamRoutesOptions> = (
  app,
  { feed, hub, limits, limiters },
  done,
) => {
  const tooMany = (): HttpError =>
    new HttpError(
      429,
      "too_many_streams",
      `At most ${limits.streamsPerClient} live streams may be open from one address`,
      { "retry-after": "10" },
    );

  addPreflight(app, STREAM_ROUTE);
  app.get<StreamRoute>(
    STREAM_ROUTE,
    {
      ...limitedBy(limiters.streams),
      exposeHeadRoute: false,
      schema: {
        tags: ["events"],
        summary: "Live changes of an event (Server-Sent Events)",
        description:
          "`event: state` (EventState) first, unless the client resumes; then `event: change` " +
          "(StateChange) per version; `: ping` heartbeats. `id:` is the version a message " +
          "brings. Resume with the `Last-Event-ID` header or `?lastEventId=` (the header wins); a " +
          "client that fetched the state opens the stream from its version and gets no state.",
        params: slugParams,
        querystring: StreamQuerySchema,
        headers: StreamHeadersSchema,
        response: {
          200: {
            description:
              "A text/event-stream that stays open; each message's data is JSON: an EventState " +
              "(`event: state`) or a StateChange (`event: change`), shared/api/stream.ts",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
          ...eventErrors,
        },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const client = request.ip;
      if (!hub.admit(client)) throw tooMany();
      const resumeFrom =
        headerVersion(request.headers["last-event-id"]) ?? request.query.lastEventId ?? null;
      const loaded = await requireEvent(feed, slug);
      // A client ahead of us saw a version another process loaded first: catch up.
      if (resumeFrom !== null && resumeFrom > loaded.version) await feed.refresh(slug);

      // From here on, no await: what we send first and what we subscribe to must line up.
      const snapshot = feed.current(slug);
      if (snapshot === undefined) throw unknownEvent(slug);
      if (!hub.admit(client)) throw tooMany();
      const missed = resumeFrom === null ? null : feed.changesSince(slug, resumeFrom);
      const first =
        missed === null
          ? [RETRY_FRAME, snapshot.stateFrame()]
          : [RETRY_FRAME, versionFrame(resumeFrom ?? 0), ...missed.map((c) => c.frame)];

      void reply.hijack();
      const res = reply.raw;
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) headers[name] = value;
      }
      res.writeHead(200, { ...headers, ...SSE_HEADERS });
      res.flushHeaders();
      hub.attach(res, client, first, (sink) =>
        feed.subscribe(slug, (event) => {
          if (event.kind === "change") sink.send(event.change.frame);
          else sink.end();
        }),
      );
    },
  );
  done();
};
