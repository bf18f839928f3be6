// Security headers, from @fastify/helmet. Every response gets the few that matter for any
// content (installBaseHeaders); HTML pages (widget, public page, help, docs) also get the
// Content-Security-Policy and friends, as a per-page override of the global configuration
// (addPageHeaders). The CSP lets any origin frame the pages (Matrix clients show the widget in
// an iframe), so there is no X-Frame-Options; everything else is locked to this origin.
// The same options, run once through helmet at start, give the header maps that the error
// paths write themselves (errors raised before any hook, and Node's parser errors: errors.ts).
import type { ServerResponse } from "node:http";
import fastifyHelmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import helmet from "helmet";

export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "frame-ancestors": ["*"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
};

/** The CSP header's value, as helmet writes it from CSP_DIRECTIVES. */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(" ")}`)
  .join(";");

/** What helmet adds to every response: nosniff, no referrer, public resources, HSTS on https. */
function baseOptions(publicUrl: string) {
  return {
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    // Everything served here is public: other origins may embed or fetch it.
    crossOriginResourcePolicy: { policy: "cross-origin" as const },
    originAgentCluster: false,
    referrerPolicy: { policy: "no-referrer" as const },
    strictTransportSecurity: publicUrl.startsWith("https://")
      ? { maxAge: 15_552_000, includeSubDomains: true }
      : false,
    xContentTypeOptions: true,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: false,
    xPermittedCrossDomainPolicies: false,
    xPoweredBy: false,
    xXssProtection: false,
  };
}

/** What an HTML page adds, with its CSP (CSP_DIRECTIVES unless given). */
function pageOptions(directives: Readonly<Record<string, readonly string[]>>) {
  return {
    contentSecurityPolicy: {
      useDefaults: false as const,
      directives: Object.fromEntries(Object.entries(directives).map(([k, v]) => [k, [...v]])),
    },
    originAgentCluster: true,
    xDnsPrefetchControl: { allow: false },
    xPermittedCrossDomainPolicies: { permittedPolicies: "none" as const },
  };
}

/** Helmet has no Permissions-Policy: the one header of a page written by hand. */
const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/** The headers helmet writes for `options`, read once from a recording response. */
function headersOf(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number) {
      headers.set(name.toLowerCase(), String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  } as unknown as ServerResponse;
  helmet(options)({} as never, recorder, () => undefined);
  return Object.fromEntries(headers);
}

/** For every response (the error paths write them themselves). */
export function baseHeaders(publicUrl: string): Record<string, string> {
  return headersOf(baseOptions(publicUrl));
}

/** For HTML pages, on top of the base headers (an HTML error page writes them itself). */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...headersOf({ ...baseOptions("http://"), ...pageOptions(CSP_DIRECTIVES) }),
  "permissions-policy": PERMISSIONS_POLICY,
};

/**
 * Registers @fastify/helmet for every route, with the base headers. Its hook runs as each
 * request arrives, so that hijacked responses (the live stream) carry them too.
 */
export async function installBaseHeaders(app: FastifyInstance, publicUrl: string): Promise<void> {
  const options: FastifyHelmetOptions = { global: true, ...baseOptions(publicUrl) };
  await app.register(fastifyHelmet, options);
}

/**
 * Every route of this (encapsulated) plugin is an HTML page: helmet's page headers override
 * the base configuration for its replies, with the given CSP directives. `isPage` leaves out
 * what is not a page (scripts and stylesheets, where a CSP means nothing and only costs bytes).
 */
export function addPageHeaders(
  app: FastifyInstance,
  directives: Readonly<Record<string, readonly string[]>> = CSP_DIRECTIVES,
  isPage: (url: string) => boolean = () => true,
): void {
  const options = pageOptions(directives);
  app.addHook("onRequest", (request, reply, done) => {
    if (!isPage(request.url)) {
      done();
      return;
    }
    reply.helmet(options);
    void reply.header("permissions-policy", PERMISSIONS_POLICY);
    done();
  });
}
