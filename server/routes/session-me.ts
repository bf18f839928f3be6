// GET /api/v1/events/:slug/me?room=ROOM: who the signed-in user is and what the widget may let
// them do in that Matrix room for that event, by the chat's rules (shared/auth). A room the
// user has not joined, or that is bound to another event, is 403 with the reason. It says how
// fresh the stored power is (server/auth/power-freshness.ts): actions wait for a fresh one.
import type { JsonSchemaToTsProvider } from "@fastify/type-provider-json-schema-to-ts";
import type { FastifyPluginCallback, preHandlerAsyncHookHandler } from "fastify";
import type { Kysely } from "kysely";
import { memberNick } from "../../shared/auth/room-state.js";
import type { Database } from "../../shared/db/schema.js";
import { standingIn } from "../auth/authorize.js";
import { sessionOf } from "../auth/bearer.js";
import { powerFreshness } from "../auth/power-freshness.js";
import { errorSchema, slugParams } from "../schemas/common.js";

export interface MeRoutesOptions {
  db: Kysely<Database>;
  /** Requests per signed-in user per window; undefined: unlimited. */
  userLimiter: preHandlerAsyncHookHandler | undefined;
  /** Older than this, the stored power is stale and actions are refused (503). */
  powerMaxAgeSeconds: number;
}

const roomQuery = {
  type: "object",
  required: ["room"],
  properties: {
    room: {
      type: "string",
      pattern: "^![\\x21-\\x7e]+$",
      maxLength: 255,
      description: "The Matrix room the widget is shown in (`$matrix_room_id`)",
    },
  },
  additionalProperties: false,
} as const;

const kinds = {
  type: "object",
  required: ["user", "track", "admin"],
  properties: {
    user: { type: "boolean" },
    track: { type: "boolean" },
    admin: { type: "boolean" },
  },
  additionalProperties: false,
} as const;

const reasons = {
  type: "object",
  description: "Why not, in the chat's words, for each kind the user may not do",
  properties: { user: { type: "string" }, track: { type: "string" }, admin: { type: "string" } },
  additionalProperties: false,
} as const;

const meReply = {
  type: "object",
  required: [
    "userId",
    "name",
    "roomId",
    "event",
    "powerLevel",
    "creator",
    "may",
    "why",
    "expiresAt",
    "powerFreshness",
  ],
  properties: {
    userId: { type: "string" },
    name: {
      type: "string",
      description: "How the room names the user (display name, else localpart), as the chat does",
    },
    roomId: { type: "string" },
    event: { type: "string" },
    powerLevel: {
      type: "integer",
      description: "In that room; room creators in room version 12+ outrank every level",
    },
    creator: { type: "boolean" },
    may: kinds,
    why: reasons,
    expiresAt: { type: "string", format: "date-time", description: "When the session ends" },
    powerFreshness: {
      type: "object",
      description:
        "How fresh the stored power level and membership are: seconds since a bot last synced " +
        "(null: never). When not fresh, actions answer 503 until a bot syncs again.",
      required: ["ageSeconds", "maxAgeSeconds", "fresh"],
      properties: {
        ageSeconds: { type: ["number", "null"] },
        maxAgeSeconds: { type: "number" },
        fresh: { type: "boolean" },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

export const meRoutes: FastifyPluginCallback<MeRoutesOptions> = (
  app,
  { db, userLimiter, powerMaxAgeSeconds },
  done,
) => {
  app.withTypeProvider<JsonSchemaToTsProvider>().get(
    "/events/:slug/me",
    {
      onRequest: app.requireWidgetSession,
      ...(userLimiter === undefined ? {} : { preHandler: userLimiter }),
      schema: {
        tags: ["widget"],
        summary: "Who the signed-in user is, and what they may do in a room",
        params: slugParams,
        querystring: roomQuery,
        response: {
          200: meReply,
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
        expiresAt: session.expiresAt.toISOString(),
        powerFreshness: await powerFreshness(db, powerMaxAgeSeconds),
      };
    },
  );
  done();
};
