// The widget's signed-in API, under /api/v1: sign-in and sign-out (routes/session.ts), "who
// am I here" (routes/session-me.ts) and the widget's actions (routes/actions.ts, from the registry). Apart from the public,
// read-only routes, these allow only the widget's own origin (PUBLIC_URL's) in CORS, take a
// Bearer session token, and are rate-limited per signed-in user (sign-in: per address).
import cors from "@fastify/cors";
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { DEFAULT_SESSION_TTL_MS } from "../auth/sessions.js";
import type { Database } from "../../shared/db/schema.js";
import type { WidgetAuthOptions } from "../http/options.js";
import { HomeserverDiscovery } from "../matrix/discovery.js";
import { actionRoutes } from "./actions.js";
import { calendarTokenRoutes } from "./calendar-token.js";
import { followsRoutes } from "./actions-attendee.js";
import { leadToolsRoutes } from "./lead-tools.js";
import { meRoutes } from "./session-me.js";
import { sessionRoutes } from "./session.js";
import { bearerAuth } from "../auth/bearer.js";
import { DEFAULT_POWER_MAX_AGE_SECONDS } from "../auth/power-freshness.js";

export interface WidgetApiOptions extends WidgetAuthOptions {
  db: Kysely<Database>;
  publicUrl: string;
  /** Matrix users bridged from IRC, told in an event room (PTG_BRIDGED_USERS; default `^@irc_`). */
  bridgedUsers?: RegExp | null;
  /** Actions need a bot sync at most this many seconds old (PTG_POWER_MAX_AGE_SECONDS). */
  powerMaxAgeSeconds?: number;
}

export const widgetApi: FastifyPluginAsync<WidgetApiOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const windowMs = options.rateWindowMs ?? 60_000;
  const limit = (max: number, keyGenerator?: (request: FastifyRequest) => string) =>
    max > 0
      ? app.rateLimit({ max, timeWindow: windowMs, ...(keyGenerator ? { keyGenerator } : {}) })
      : undefined;

  const widgetOrigin = new URL(options.publicUrl).origin;
  await app.register(cors, {
    // Other origins get no CORS headers at all, and their preflights nothing but a 404.
    origin: (origin, callback) => {
      callback(null, origin === widgetOrigin ? widgetOrigin : false);
    },
    methods: ["GET", "POST", "DELETE"],
    allowedHeaders: ["Authorization", "Content-Type"],
    maxAge: 600,
  });
  await app.register(bearerAuth, { db: options.db, now });
  await app.register(sessionRoutes, {
    db: options.db,
    discovery: new HomeserverDiscovery({
      ...(options.matrixServers ? { servers: options.matrixServers } : {}),
      ...(options.matrixFetch ? { fetch: options.matrixFetch } : {}),
    }),
    now,
    ttlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    homeserverTimeoutMs: options.homeserverTimeoutMs ?? 10_000,
    signInLimiter: limit(options.signInsPerWindow ?? 60),
  });
  // One budget per user, shared by every signed-in route.
  const userLimiter = limit(
    options.requestsPerUserPerWindow ?? 300,
    (request) => `user:${request.widgetSession?.userId ?? request.ip}`,
  );
  const powerMaxAgeSeconds = options.powerMaxAgeSeconds ?? DEFAULT_POWER_MAX_AGE_SECONDS;
  await app.register(meRoutes, { db: options.db, userLimiter, powerMaxAgeSeconds });
  const actions = {
    db: options.db,
    userLimiter,
    helpUrl: `${options.publicUrl}/help`,
    bridgedUsers: options.bridgedUsers === undefined ? /^@irc_/ : options.bridgedUsers,
    log: app.log,
    now,
    powerMaxAgeSeconds,
  };
  await app.register(followsRoutes, actions);
  await app.register(calendarTokenRoutes, {
    db: options.db,
    publicUrl: options.publicUrl,
    now,
    userLimiter,
  });
  await app.register(leadToolsRoutes, actions);
  await app.register(actionRoutes, actions);
};
