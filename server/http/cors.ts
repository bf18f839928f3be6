// CORS for the read-only, public routes (JSON, ICS, SSE): any origin may read them.
import type { FastifyInstance, FastifyReply } from "fastify";

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "ETag, Last-Modified, Retry-After",
} as const;

const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  "access-control-allow-methods": "GET, HEAD, OPTIONS",
  "access-control-allow-headers": "If-None-Match, Last-Event-ID, Cache-Control",
  "access-control-max-age": "86400",
} as const;

export const corsHeaders: Readonly<Record<string, string>> = CORS_HEADERS;

/**
 * CORS for a route whose responses carry no Last-Modified and no Retry-After: only its ETag
 * needs exposing (its errors get the full set from the error handlers).
 */
export const etagOnlyCorsHeaders: Readonly<Record<string, string>> = {
  ...CORS_HEADERS,
  "access-control-expose-headers": "ETag",
};

export function allowAnyOrigin(reply: FastifyReply): void {
  void reply.headers(CORS_HEADERS);
}

/**
 * Answers CORS preflight requests for a public route, with `extraHeaders` too (for a route
 * registered where no hook sets the security headers).
 */
export function addPreflight(
  app: FastifyInstance,
  url: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): void {
  const headers = { ...extraHeaders, ...PREFLIGHT_HEADERS };
  app.options(url, { schema: { hide: true } }, (_request, reply) => {
    void reply.code(204).headers(headers).send();
  });
}
