// Bearer authentication of widget requests: `Authorization: Bearer <session token>`, a token
// from POST /api/v1/sessions. `requireWidgetSession` (an onRequest hook for the routes that need
// it) sets `request.widgetSession` or answers 401 with the API's error shape. Missing, unknown,
// expired and revoked tokens are all refused the same way, and change nothing.
import type { FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import fp from "fastify-plugin";
import type { Kysely } from "kysely";
import { findSession, type Session } from "./sessions.js";
import type { Database } from "../../shared/db/schema.js";
import { HttpError } from "../http/errors.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in Matrix user, once requireWidgetSession has run. */
    widgetSession: Session | null;
    /** The bearer token as sent (for revoking it). */
    widgetToken: string | null;
  }
  interface FastifyInstance {
    requireWidgetSession: onRequestAsyncHookHandler;
  }
}

export interface BearerAuthOptions {
  db: Kysely<Database>;
  now: () => Date;
}

const CHALLENGE = { "www-authenticate": 'Bearer realm="ptg-widget"' };

export const NOT_SIGNED_IN =
  "Sign in first: this needs a session token (Authorization: Bearer …), which the widget gets when you allow it to verify your Matrix identity";
export const SESSION_ENDED = "Your session has expired or was ended; sign in again";

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/** The session a route guarded by requireWidgetSession runs for. */
export function sessionOf(request: FastifyRequest): Session {
  if (request.widgetSession === null) {
    throw new HttpError(401, "unauthorized", NOT_SIGNED_IN, CHALLENGE);
  }
  return request.widgetSession;
}

export const bearerAuth = fp<BearerAuthOptions>(
  (app, { db, now }, done) => {
    app.decorateRequest("widgetSession", null);
    app.decorateRequest("widgetToken", null);
    app.decorate("requireWidgetSession", async (request: FastifyRequest) => {
      const token = bearerToken(request.headers.authorization);
      if (token === null) throw new HttpError(401, "unauthorized", NOT_SIGNED_IN, CHALLENGE);
      const session = await findSession(db, token, now());
      if (session === undefined) {
        throw new HttpError(401, "unauthorized", SESSION_ENDED, CHALLENGE);
      }
      request.widgetSession = session;
      request.widgetToken = token;
    });
    done();
  },
  { name: "ptg-widget-bearer", fastify: "5.x" },
);
