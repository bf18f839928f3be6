// What any signed-in attendee may do from the widget, for themselves: check in and out, look for
// someone, follow and unfollow tracks (and read what they follow). Each is the chat command's
// operation (+in, +out, +seen, +follow, +unfollow), run by action-run.ts.
import type { JsonSchemaToTsProvider } from "@fastify/type-provider-json-schema-to-ts";
import type { FastifyPluginCallback, preHandlerAsyncHookHandler } from "fastify";
import { findEvent } from "../../shared/store/events.js";
import { followedTracks } from "../../shared/store/follows.js";
import { standingIn } from "../auth/authorize.js";
import { sessionOf } from "../auth/bearer.js";
import { HttpError } from "../errors.js";
import { errorSchema } from "../schemas/common.js";
import { runAction, type ActionRunnerOptions } from "./action-run.js";
import {
  actionProperties,
  actionErrors,
  actionReply,
  roomQuery,
  slugParams,
  trackProperty,
} from "./action-schemas.js";

export interface ActionRoutesOptions extends ActionRunnerOptions {
  /** Requests per signed-in user per window; undefined: unlimited. */
  userLimiter: preHandlerAsyncHookHandler | undefined;
}

const checkInBody = {
  type: "object",
  required: ["room", "place"],
  properties: {
    ...actionProperties,
    place: {
      type: "string",
      minLength: 1,
      maxLength: 1000,
      description: "A track (`#nova`) or any place",
    },
  },
  additionalProperties: false,
} as const;
const emptyBody = {
  type: "object",
  required: ["room"],
  properties: actionProperties,
  additionalProperties: false,
} as const;
const seenBody = {
  type: "object",
  required: ["room", "nick"],
  properties: {
    ...actionProperties,
    nick: { type: "string", minLength: 1, maxLength: 255, pattern: "^\\S+$" },
  },
  additionalProperties: false,
} as const;
const trackBody = {
  type: "object",
  required: ["room", "track"],
  properties: { ...actionProperties, track: trackProperty },
  additionalProperties: false,
} as const;

const followsReply = {
  type: "object",
  required: ["tracks"],
  properties: { tracks: { type: "array", items: { type: "string" } } },
  additionalProperties: false,
} as const;

export const attendeeActionRoutes: FastifyPluginCallback<ActionRoutesOptions> = (
  app,
  options,
  done,
) => {
  const typed = app.withTypeProvider<JsonSchemaToTsProvider>();
  const guard = {
    onRequest: app.requireWidgetSession,
    ...(options.userLimiter === undefined ? {} : { preHandler: options.userLimiter }),
  };
  const schema = (summary: string, body: object) => ({
    tags: ["widget"],
    summary,
    params: slugParams,
    body,
    response: { 200: actionReply, ...actionErrors },
  });

  typed.post(
    "/events/:slug/actions/check-in",
    { ...guard, schema: { ...schema("Check in (+in)", checkInBody), body: checkInBody } },
    (request) =>
      runAction(options, {
        session: sessionOf(request),
        slug: request.params.slug,
        roomId: request.body.room,
        requestId: request.body.requestId,
        operation: { kind: "presence.checkIn", place: request.body.place.trim() },
        text: `+in ${request.body.place}`,
      }),
  );
  typed.post(
    "/events/:slug/actions/check-out",
    { ...guard, schema: { ...schema("Check out (+out)", emptyBody), body: emptyBody } },
    (request) =>
      runAction(options, {
        session: sessionOf(request),
        slug: request.params.slug,
        roomId: request.body.room,
        requestId: request.body.requestId,
        operation: { kind: "presence.checkOut" },
        text: "+out",
      }),
  );
  typed.post(
    "/events/:slug/actions/seen",
    {
      ...guard,
      schema: { ...schema("Where was someone last seen (+seen)", seenBody), body: seenBody },
    },
    (request) =>
      runAction(options, {
        session: sessionOf(request),
        slug: request.params.slug,
        roomId: request.body.room,
        requestId: request.body.requestId,
        operation: { kind: "presence.seen", nick: request.body.nick },
        text: `+seen ${request.body.nick}`,
      }),
  );
  for (const verb of ["follow", "unfollow"] as const) {
    typed.post(
      `/events/:slug/actions/${verb}`,
      {
        ...guard,
        schema: {
          ...schema(`${verb === "follow" ? "Follow" : "Unfollow"} a track (+${verb})`, trackBody),
          body: trackBody,
        },
      },
      (request) =>
        runAction(options, {
          session: sessionOf(request),
          slug: request.params.slug,
          roomId: request.body.room,
          requestId: request.body.requestId,
          operation: {
            kind: verb === "follow" ? "follow.add" : "follow.remove",
            trackName: request.body.track,
          },
          text: `+${verb} ${request.body.track}`,
        }),
    );
  }

  typed.get(
    "/events/:slug/follows",
    {
      ...guard,
      schema: {
        tags: ["widget"],
        summary: "The tracks the signed-in user follows",
        params: slugParams,
        querystring: roomQuery,
        response: {
          200: followsReply,
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
      const standing = await standingIn(options.db, sessionOf(request), {
        slug: request.params.slug,
        roomId: request.query.room,
      });
      const event = await findEvent(options.db, standing.eventSlug);
      if (event === undefined) {
        throw new HttpError(404, "event_not_found", `There is no event '${standing.eventSlug}'`);
      }
      return { tracks: await followedTracks(options.db, event.id, standing.userId) };
    },
  );
  done();
};
