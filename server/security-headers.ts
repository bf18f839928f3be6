// Security headers, computed once. Every response gets the few that matter for any content;
// HTML pages (widget, public page, help, docs) also get the Content-Security-Policy and
// friends. The CSP lets any origin frame the pages (Matrix clients show the widget in an
// iframe), so there is no X-Frame-Options; everything else is locked to this origin.
import type { FastifyInstance } from "fastify";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors *",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** For every response. */
export function baseHeaders(publicUrl: string): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    // Everything served here is public: other origins may embed or fetch it.
    "cross-origin-resource-policy": "cross-origin",
  };
  if (publicUrl.startsWith("https://")) {
    headers["strict-transport-security"] = "max-age=15552000; includeSubDomains";
  }
  return headers;
}

/** For HTML pages, on top of the base headers. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-dns-prefetch-control": "off",
  "x-permitted-cross-domain-policies": "none",
  "origin-agent-cluster": "?1",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** Adds the base headers as each request arrives (so hijacked responses can copy them too). */
export function installBaseHeaders(app: FastifyInstance, publicUrl: string): void {
  const headers = baseHeaders(publicUrl);
  app.addHook("onRequest", (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

/** Adds the page headers to every route of this (encapsulated) plugin, with its own CSP if given. */
export function addPageHeaders(
  app: FastifyInstance,
  contentSecurityPolicy = CONTENT_SECURITY_POLICY,
): void {
  const headers = { ...PAGE_HEADERS, "content-security-policy": contentSecurityPolicy };
  app.addHook("onRequest", (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
