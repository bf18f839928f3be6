// POST /api/v1/sessions: a Matrix user signs in to the widget API with an OpenID token (what
// matrix-widget-api's requestOpenIDConnectToken gives the widget). The server asks the user's
// homeserver whose token it is, believes the answer only for users of that server, and gives a
// short-lived session token. DELETE /api/v1/sessions/current ends the session.
// A refused token is 401 and stores nothing; an OpenID token signs in once
// (server/auth/openid-once.ts). A failed sign-in is logged at warn, in one line.
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyPluginCallback, preHandlerAsyncHookHandler } from "fastify";
import type { Kysely } from "kysely";
import { claimOpenIdToken } from "../auth/openid-once.js";
import { createSession, revokeSession } from "../auth/sessions.js";
import type { Database } from "../../shared/db/schema.js";
import type { HomeserverDiscovery } from "../matrix/discovery.js";
import { HomeserverUnreachable, OpenIdRefused, verifyOpenIdToken } from "../matrix/openid.js";
import { sessionOf, SESSION_ENDED } from "../auth/bearer.js";
import { HttpError, LoggedHttpError } from "../http/errors.js";
import { errorSchema } from "../schemas/common.js";
import { OpenIdBodySchema, SessionReplySchema } from "../../shared/api/session.js";

export interface SessionRoutesOptions {
  db: Kysely<Database>;
  discovery: HomeserverDiscovery;
  now: () => Date;
  ttlMs: number;
  /** The time limit of one userinfo request (connecting, headers and body), in ms. */
  homeserverTimeoutMs: number;
  /** Sign-ins per client address per window (asks a homeserver each time); undefined: unlimited. */
  signInLimiter: preHandlerAsyncHookHandler | undefined;
}

const authErrors = { 401: errorSchema, 429: errorSchema, 500: errorSchema, 503: errorSchema };

export const sessionRoutes: FastifyPluginCallback<SessionRoutesOptions> = (app, options, done) => {
  const { db, discovery, now, ttlMs, signInLimiter, homeserverTimeoutMs } = options;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.post(
    "/sessions",
    {
      ...(signInLimiter === undefined ? {} : { preHandler: signInLimiter }),
      schema: {
        tags: ["widget"],
        summary: "Sign in with a Matrix OpenID token",
        description:
          "Checks the token with the homeserver of `matrix_server_name` (federation " +
          "`/openid/userinfo`) and returns a short-lived session token. A forged, expired or " +
          "foreign token (a `sub` of another server), an invalid `sub`, or a token that signed " +
          "in before is `401`; a homeserver that does not answer in time is `502`.",
        body: OpenIdBodySchema,
        response: { 201: SessionReplySchema, 400: errorSchema, 502: errorSchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const { access_token: accessToken, matrix_server_name: serverName } = request.body;
      const refuse = (status: 401 | 502, code: string, message: string): never => {
        request.log.warn(`sign-in refused (${String(status)}): ${message}`);
        throw new LoggedHttpError(status, code, message);
      };
      if (request.body.token_type !== undefined && request.body.token_type !== "Bearer") {
        refuse(401, "unauthorized", "Only Bearer OpenID tokens are accepted");
      }
      let userId = "";
      try {
        userId = await verifyOpenIdToken(
          discovery,
          { accessToken, serverName },
          homeserverTimeoutMs,
        );
      } catch (error) {
        if (error instanceof OpenIdRefused) refuse(401, "unauthorized", error.message);
        if (error instanceof HomeserverUnreachable) {
          refuse(502, "homeserver_unreachable", error.message);
        }
        throw error;
      }
      const first = await claimOpenIdToken(
        db,
        { accessToken, serverName, expiresInSeconds: request.body.expires_in },
        now(),
      );
      if (!first) {
        refuse(401, "unauthorized", "This OpenID token was used already; ask for a new one");
      }
      const session = await createSession(db, userId, now(), ttlMs);
      return reply.code(201).send({
        token: session.token,
        userId: session.userId,
        expiresAt: session.expiresAt.toISOString(),
      });
    },
  );

  typed.delete(
    "/sessions/current",
    {
      onRequest: app.requireWidgetSession,
      schema: {
        tags: ["widget"],
        summary: "Sign out: end this session",
        response: { 204: { type: "null", description: "Ended" }, ...authErrors },
      },
    },
    async (request, reply) => {
      sessionOf(request);
      const token = request.widgetToken;
      if (token === null || !(await revokeSession(db, token))) {
        throw new HttpError(401, "unauthorized", SESSION_ENDED);
      }
      return reply.code(204).send(null);
    },
  );
  done();
};
