// Calendars: GET /events/:slug/ical (every booked slot with a real time) and
// GET /events/:slug/tracks/:track.ics (one track's). Rendered once per event version, and not
// rate-limited: a request costs a cached buffer or a 304.
import type { FastifyPluginCallback } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { trackKey } from "../../shared/schedule/track-key.js";
import { findEvent } from "../../shared/store/events.js";
import { eventTalks } from "../../shared/store/talks.js";
import { renderCalendar } from "../calendar/schedule.js";
import type { CalendarTalk } from "../calendar/talks.js";
import type { ChangeFeed } from "../live/change-feed.js";
import { addPreflight } from "../http/cors.js";
import { versionEtag } from "../http/etag.js";
import { HttpError } from "../http/errors.js";
import { SLUG_PATTERN } from "../../shared/domain/slug.js";
import {
  eventErrors,
  notModified,
  slugParams,
  slugProperty,
  textResponse,
} from "../schemas/common.js";
import type { SlugParams } from "../schemas/params.js";
import type { Snapshot } from "../live/snapshot.js";
import { requireEvent } from "./require-event.js";
import { sendDerived } from "./send-derived.js";

const CALENDAR_TYPE = "text/calendar; charset=utf-8";

export interface CalendarRoutesOptions {
  feed: ChangeFeed;
  publicUrl: string;
  /** Where imported talks are read from (none without it). */
  db?: Kysely<Database>;
}

/** The event's imported talks, as the calendars show them. */
export async function calendarTalks(db: Kysely<Database>, slug: string): Promise<CalendarTalk[]> {
  const event = await findEvent(db, slug);
  if (event === undefined) return [];
  return (await eventTalks(db, event.id)).map((t) => ({
    ...t,
    track: t.trackTitle === null ? null : trackKey(t.trackTitle),
  }));
}

export const calendarRoutes: FastifyPluginCallback<CalendarRoutesOptions> = (
  app,
  { feed, publicUrl, db },
  done,
) => {
  const render = (snapshot: Snapshot, track?: string) =>
    snapshot.derive(track === undefined ? "ical" : `ical:${track}`, async () => {
      const talks = db === undefined ? [] : await calendarTalks(db, snapshot.state.slug);
      return {
        body: Buffer.from(
          renderCalendar(
            snapshot.state,
            track === undefined ? { publicUrl, talks } : { publicUrl, track, talks },
          ),
        ),
        etag: versionEtag(
          snapshot.state.slug,
          snapshot.version,
          track === undefined ? "ical" : `ical-${track}`,
        ),
      };
    });

  addPreflight(app, "/events/:slug/ical");
  app.get<{ Params: SlugParams }>(
    "/events/:slug/ical",
    {
      schema: {
        tags: ["calendars"],
        summary: "The event's schedule as an iCalendar feed",
        params: slugParams,
        response: {
          200: textResponse("text/calendar", "A VCALENDAR with one VEVENT per booked, timed slot"),
          304: notModified,
          ...eventErrors,
        },
      },
    },
    async (request, reply) => {
      const snapshot = await requireEvent(feed, request.params.slug);
      return sendDerived(request, reply, await render(snapshot), CALENDAR_TYPE);
    },
  );

  addPreflight(app, "/events/:slug/tracks/:track.ics");
  app.get<{ Params: SlugParams & { track: string } }>(
    "/events/:slug/tracks/:track.ics",
    {
      schema: {
        tags: ["calendars"],
        summary: "One track's bookings as an iCalendar feed",
        params: {
          type: "object",
          required: ["slug", "track"],
          properties: {
            slug: slugProperty,
            // Names in URLs follow the slug rule (track names are a lower-case subset of it).
            track: { type: "string", pattern: SLUG_PATTERN },
          },
          additionalProperties: false,
        },
        response: {
          200: textResponse("text/calendar", "A VCALENDAR with the track's booked, timed slots"),
          304: notModified,
          ...eventErrors,
        },
      },
    },
    async (request, reply) => {
      const snapshot = await requireEvent(feed, request.params.slug);
      const track = request.params.track.toLowerCase();
      if (!snapshot.state.tracks.some((t) => t.name === track)) {
        throw new HttpError(404, "track_not_found", `There is no track '${track}' in this event`);
      }
      return sendDerived(request, reply, await render(snapshot, track), CALENDAR_TYPE);
    },
  );
  done();
};
