// What the widget reads for the signed-in attendee: the tracks they follow. (The actions
// themselves, +in, +follow…, are generated from the registry by actions.ts.) Also the options
// every widget action route takes.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyPluginCallback, preHandlerAsyncHookHandler } from "fastify";
import { findEvent } from "../../shared/store/events.js";
import { followedTracks } from "../../shared/store/follows.js";
import { standingIn } from "../auth/authorize.js";
import { sessionOf } from "../auth/bearer.js";
import { HttpError } from "../http/errors.js";
import { errorSchema } from "../schemas/common.js";
import type { ActionRunnerOptions } from "./action-run.js";
import { roomQuery, slugParams } from "./action-schemas.js";

export interface ActionRoutesOptions extends ActionRunnerOptions {
  /** Requests per signed-in user per window; undefined: unlimited. */
  userLimiter: preHandlerAsyncHookHandler | undefined;
}

const followsReply = {
  type: "object",
  required: ["tracks"],
  properties: { tracks: { type: "array", items: { type: "string" } } },
  additionalProperties: false,
} as const;

export const followsRoutes: FastifyPluginCallback<ActionRoutesOptions> = (app, options, done) => {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = {
    onRequest: app.requireWidgetSession,
    ...(options.userLimiter === undefined ? {} : { preHandler: options.userLimiter }),
  };
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
