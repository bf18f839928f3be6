// @fastify/rate-limit, per client address, only where a request costs something. Each group of
// routes shares one budget: all calendars and ptg.json ("exports"), and stream connections.
// Over the limit: 429 with the usual JSON error body and a Retry-After header.
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, preHandlerAsyncHookHandler } from "fastify";
import { HttpError } from "./errors.js";
import type { ServerLimits } from "./options.js";

export interface RateLimiters {
  /** Calendars and ptg.json; undefined when unlimited. */
  exports: preHandlerAsyncHookHandler | undefined;
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
    exports: limiter(limits.exportsPerWindow),
    streams: limiter(limits.streamConnectsPerWindow),
  };
}

/** Route options that apply a limiter, if there is one. */
export function limitedBy(limiter: preHandlerAsyncHookHandler | undefined): {
  preHandler?: preHandlerAsyncHookHandler;
} {
  return limiter === undefined ? {} : { preHandler: limiter };
}
