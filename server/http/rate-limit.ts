// @fastify/rate-limit, per client address, only where a request costs something: stream
// connections. Cached reads (state, ptg.json, calendars, 304s) are not limited.
// Over the limit: 429 with the usual JSON error body and a Retry-After header.
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, preHandlerAsyncHookHandler } from "fastify";
import { HttpError } from "./errors.js";
import type { ServerLimits } from "./options.js";

export interface RateLimiters {
  /** Live stream connections; undefined when unlimited. */
  streams: preHandlerAsyncHookHandler | undefined;
}

export async function installRateLimit(
  app: FastifyInstance,
  limits: ServerLimits,
): Promise<RateLimiters> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, "rate_limited", `Too many requests; try again in ${context.after}`),
  });
  const limiter = (max: number) =>
    max > 0 ? app.rateLimit({ max, timeWindow: limits.rateWindowMs }) : undefined;
  return {
    streams: limiter(limits.streamConnectsPerWindow),
  };
}

/** Route options that apply a limiter, if there is one. */
export function limitedBy(limiter: preHandlerAsyncHookHandler | undefined): {
  preHandler?: preHandlerAsyncHookHandler;
} {
  return limiter === undefined ? {} : { preHandler: limiter };
}
