// GET /events/:slug/calendars/:token.ics (issue 21, item 3): a person's private calendar of the
// tracks they follow (booked slots with real times and imported talks), opened by the random
// token they got from POST /api/v1/events/:slug/calendar. An unknown or revoked token is a
// 404 and says nothing more. Not cached by shared caches (it is one person's).
import { createHash } from "node:crypto";
import type { FastifyPluginCallback } from "fastify";
import type { Kysely } from "kysely";
import type { EventState } from "../../shared/api/event-state.js";
import { findCalendarToken } from "../auth/calendar-tokens.js";
import type { Database } from "../../shared/db/schema.js";
import { followedTracks } from "../../shared/store/follows.js";
import { renderCalendar } from "../calendar/schedule.js";
import type { ChangeFeed } from "../live/change-feed.js";
import { etagMatches } from "../http/etag.js";
import { HttpError } from "../http/errors.js";
import { eventErrors, notModified, slugProperty, textResponse } from "../schemas/common.js";
import { calendarTalks } from "./calendar.js";
import { requireEvent } from "./require-event.js";

export interface PrivateCalendarOptions {
  feed: ChangeFeed;
  db: Kysely<Database>;
  publicUrl: string;
}

/** The state with only the bookings of `tracks`. */
const onlyTracks = (state: EventState, tracks: ReadonlySet<string>): EventState => ({
  ...state,
  rooms: state.rooms.map((room) => ({
    ...room,
    bookings: Object.fromEntries(
      Object.entries(room.bookings).filter(([, track]) => track !== null && tracks.has(track)),
    ),
  })),
});

export const privateCalendarRoutes: FastifyPluginCallback<PrivateCalendarOptions> = (
  app,
  { feed, db, publicUrl },
  done,
) => {
  app.get<{ Params: { slug: string; token: string } }>(
    "/events/:slug/calendars/:token.ics",
    {
      schema: {
        tags: ["calendars"],
        summary: "A person's private calendar of the tracks they follow (by its secret token)",
        params: {
          type: "object",
          required: ["slug", "token"],
          properties: {
            slug: slugProperty,
            token: { type: "string", pattern: "^ptgc_[A-Za-z0-9_-]{43}$" },
          },
          additionalProperties: false,
        },
        response: {
          200: textResponse("text/calendar", "A VCALENDAR of the followed tracks' timed slots"),
          304: notModified,
          ...eventErrors,
        },
      },
    },
    async (request, reply) => {
      const snapshot = await requireEvent(feed, request.params.slug);
      const owner = await findCalendarToken(db, request.params.token);
      const event = snapshot.state;
      const eventId = owner === undefined ? undefined : await eventIdOf(db, event.slug);
      if (owner === undefined || owner.eventId !== eventId) {
        throw new HttpError(
          404,
          "calendar_not_found",
          "There is no such calendar (it may have been revoked)",
        );
      }
      const tracks = new Set(await followedTracks(db, owner.eventId, owner.personKey));
      const talks = (await calendarTalks(db, event.slug)).filter(
        (t) => t.track !== null && tracks.has(t.track),
      );
      const body = renderCalendar(onlyTracks(event, tracks), {
        publicUrl,
        talks,
        title: `${event.name}: followed tracks`,
      });
      const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
      void reply.header("etag", etag).header("cache-control", "private, no-cache");
      if (etagMatches(request.headers["if-none-match"], etag)) return reply.code(304).send();
      return reply.type("text/calendar; charset=utf-8").send(body);
    },
  );
  done();
};

async function eventIdOf(db: Kysely<Database>, slug: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("events")
    .select("id")
    .where("slug", "=", slug)
    .executeTakeFirst();
  return row?.id;
}
