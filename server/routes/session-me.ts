// GET /api/v1/events/:slug/me?room=ROOM: who the signed-in user is and what the widget may let
// them do in that Matrix room for that event, by the chat's rules (shared/auth). A room the
// user has not joined, or that is bound to another event, is 403 with the reason. It says how
// fresh the stored power is (server/auth/power-freshness.ts): actions wait for a fresh one.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyPluginCallback, preHandlerAsyncHookHandler } from "fastify";
import type { Kysely } from "kysely";
import { memberNick } from "../../shared/auth/room-state.js";
import type { Database } from "../../shared/db/schema.js";
import { standingIn } from "../auth/authorize.js";
import { sessionOf } from "../auth/bearer.js";
import { powerFreshness } from "../auth/power-freshness.js";
import { errorSchema, slugParams } from "../schemas/common.js";
import { RoomQuerySchema } from "../schemas/params.js";
import { MeReplySchema, type TrackLinks } from "../../shared/api/session.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { trackLinks } from "../../shared/store/public-links.js";

/** The event's track links when they are private (the public state leaves them out), else null. */
async function privateTrackLinks(db: Kysely<Database>, slug: string): Promise<TrackLinks | null> {
  const event = await db
    .selectFrom("events")
    .select("private_links")
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (event?.private_links !== true) return null;
  const state = await loadEventState(db, slug);
  return state === undefined ? null : trackLinks(state);
}

export interface MeRoutesOptions {
  db: Kysely<Database>;
  /** Requests per signed-in user per window; undefined: unlimited. */
  userLimiter: preHandlerAsyncHookHandler | undefined;
  /** Older than this, the stored power is stale and actions are refused (503). */
  powerMaxAgeSeconds: number;
}

export const meRoutes: FastifyPluginCallback<MeRoutesOptions> = (
  app,
  { db, userLimiter, powerMaxAgeSeconds },
  done,
) => {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    "/events/:slug/me",
    {
      onRequest: app.requireWidgetSession,
      ...(userLimiter === undefined ? {} : { preHandler: userLimiter }),
      schema: {
        tags: ["widget"],
        summary: "Who the signed-in user is, and what they may do in a room",
        params: slugParams,
        querystring: RoomQuerySchema,
        response: {
          200: MeReplySchema,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          429: errorSchema,
          500: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const standing = await standingIn(db, session, {
        slug: request.params.slug,
        roomId: request.query.room,
      });
      return {
        userId: standing.userId,
        name: await memberNick(db, standing.roomId, standing.userId),
        roomId: standing.roomId,
        event: standing.eventSlug,
        powerLevel: standing.powerLevel,
        creator: standing.creator,
        may: standing.may,
        why: standing.why,
        leads: standing.leads,
        tracks: standing.tracks,
        expiresAt: session.expiresAt.toISOString(),
        powerFreshness: await powerFreshness(db, powerMaxAgeSeconds),
        links: await privateTrackLinks(db, standing.eventSlug),
      };
    },
  );
  done();
};
