// What the widget reads for leads and admins (issue 22): the open requests to lead a track
// (an admin: all of them; anyone else: their own), and the conflict warnings on the booked slots
// of the tracks the user may steer (an admin: every track; a lead: their tracks), in the chat's
// words. Both are for the signed-in user only: neither is in the public state.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyPluginCallback } from "fastify";
import { conflictsOf, warningText } from "../../shared/operations/handlers/booking-conflicts.js";
import { sharedSlots } from "../../shared/store/booking-conflicts.js";
import { findEvent } from "../../shared/store/events.js";
import { openLeadRequests } from "../../shared/store/lead-requests.js";
import { standingIn } from "../auth/authorize.js";
import { sessionOf } from "../auth/bearer.js";
import { HttpError } from "../http/errors.js";
import { LeadRequestsReply, SlotWarningsReply } from "../../shared/api/lead-tools.js";
import { errorSchema } from "../schemas/common.js";
import type { ActionRoutesOptions } from "./actions-attendee.js";
import { roomQuery, slugParams } from "./action-schemas.js";

const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  429: errorSchema,
  500: errorSchema,
  503: errorSchema,
};

export const leadToolsRoutes: FastifyPluginCallback<ActionRoutesOptions> = (app, options, done) => {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = {
    onRequest: app.requireWidgetSession,
    ...(options.userLimiter === undefined ? {} : { preHandler: options.userLimiter }),
  };

  typed.get(
    "/events/:slug/lead-requests",
    {
      ...guard,
      schema: {
        tags: ["widget"],
        summary: "Open requests to lead a track: all of them for an admin, else the user's own",
        params: slugParams,
        querystring: roomQuery,
        response: { 200: LeadRequestsReply, ...errors },
      },
    },
    async (request) => {
      const standing = await standingIn(options.db, sessionOf(request), {
        slug: request.params.slug,
        roomId: request.query.room,
      });
      const eventId = await eventIdOf(options, standing.eventSlug);
      const admin = standing.may.admin;
      const open = await openLeadRequests(options.db, eventId, admin ? undefined : standing.userId);
      return {
        admin,
        requests: open.map((r) => ({
          number: r.number,
          track: r.track,
          nick: r.nick,
          text: r.text,
          mine: r.userId === standing.userId,
          askedAt: r.askedAt.toISOString(),
        })),
      };
    },
  );

  typed.get(
    "/events/:slug/slot-warnings",
    {
      ...guard,
      schema: {
        tags: ["widget"],
        summary:
          "Conflict warnings on the booked slots of the tracks the user leads (an admin: every track)",
        params: slugParams,
        querystring: roomQuery,
        response: { 200: SlotWarningsReply, ...errors },
      },
    },
    async (request) => {
      const standing = await standingIn(options.db, sessionOf(request), {
        slug: request.params.slug,
        roomId: request.query.room,
      });
      const eventId = await eventIdOf(options, standing.eventSlug);
      // Leads and admins of a track only (not everyone who may book under the voice rule).
      const tracks = standing.may.admin ? "all" : standing.leads;
      const slots = await sharedSlots(options.db, eventId, tracks);
      return {
        warnings: slots.flatMap((s) =>
          conflictsOf(s.followers, s.neighbours).map((c) => ({
            track: s.track,
            room: s.room,
            slot: s.slot,
            text: warningText(s.track, c),
            reason: c.reason,
            other: c.other,
            shared: c.reason === "followers" ? c.shared : 0,
            followers: s.followers,
          })),
        ),
      };
    },
  );
  done();
};

async function eventIdOf(options: ActionRoutesOptions, slug: string): Promise<number> {
  const event = await findEvent(options.db, slug);
  if (event === undefined)
    throw new HttpError(404, "event_not_found", `There is no event '${slug}'`);
  return event.id;
}
