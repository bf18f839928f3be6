// The signed-in user's private calendar link (issue 21, item 3): GET says whether they have one,
// POST makes a new one (revoking the old; the URL is in this answer only), DELETE revokes it.
// Session-authenticated, under /api/v1 (server/auth/widget-api.ts). The calendar itself is
// served by routes/private-calendar.ts.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyPluginCallback, preHandlerAsyncHookHandler } from "fastify";
import type { Kysely } from "kysely";
import { CalendarTokenReplySchema } from "../../shared/api/calendar-token.js";
import {
  calendarTokenCreated,
  createCalendarToken,
  revokeCalendarToken,
} from "../auth/calendar-tokens.js";
import type { Database } from "../../shared/db/schema.js";
import { findEvent } from "../../shared/store/events.js";
import { sessionOf } from "../auth/bearer.js";
import { HttpError } from "../http/errors.js";
import { errorSchema, slugParams } from "../schemas/common.js";

export interface CalendarTokenRoutesOptions {
  db: Kysely<Database>;
  publicUrl: string;
  now: () => Date;
  userLimiter: preHandlerAsyncHookHandler | undefined;
}

/** The private calendar's URL for a token. */
export const privateCalendarUrl = (publicUrl: string, slug: string, token: string): string =>
  `${publicUrl}/events/${encodeURIComponent(slug)}/calendars/${token}.ics`;

export const calendarTokenRoutes: FastifyPluginCallback<CalendarTokenRoutesOptions> = (
  app,
  { db, publicUrl, now, userLimiter },
  done,
) => {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = {
    onRequest: app.requireWidgetSession,
    ...(userLimiter === undefined ? {} : { preHandler: userLimiter }),
  };
  const schema = (summary: string) => ({
    tags: ["widget"],
    summary,
    params: slugParams,
    response: {
      200: CalendarTokenReplySchema,
      401: errorSchema,
      404: errorSchema,
      429: errorSchema,
      500: errorSchema,
    },
  });
  const eventOf = async (slug: string) => {
    const event = await findEvent(db, slug);
    if (event === undefined)
      throw new HttpError(404, "event_not_found", `There is no event '${slug}'`);
    return event;
  };

  typed.get(
    "/events/:slug/calendar",
    { ...guard, schema: schema("Whether the signed-in user has a private calendar link") },
    async (request) => {
      const event = await eventOf(request.params.slug);
      const created = await calendarTokenCreated(db, event.id, sessionOf(request).userId);
      return { active: created !== null, createdAt: created?.toISOString() ?? null, url: null };
    },
  );
  typed.post(
    "/events/:slug/calendar",
    {
      ...guard,
      schema: schema(
        "A new private calendar link of the tracks the signed-in user follows (the old one stops working)",
      ),
    },
    async (request) => {
      const event = await eventOf(request.params.slug);
      const at = now();
      const token = await createCalendarToken(db, event.id, sessionOf(request).userId, at);
      return {
        active: true,
        createdAt: at.toISOString(),
        url: privateCalendarUrl(publicUrl, event.slug, token),
      };
    },
  );
  typed.delete(
    "/events/:slug/calendar",
    { ...guard, schema: schema("Revokes the signed-in user's private calendar link") },
    async (request) => {
      const event = await eventOf(request.params.slug);
      await revokeCalendarToken(db, event.id, sessionOf(request).userId);
      return { active: false, createdAt: null, url: null };
    },
  );
  done();
};
