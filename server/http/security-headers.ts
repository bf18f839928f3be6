// Security headers, as helmet writes them. Every response gets the few that matter for any
// content (installBaseHeaders); HTML pages (widget, public page, help, docs) also get the
// Content-Security-Policy and friends (addPageHeaders). The CSP lets any origin frame the pages
// (Matrix clients show the widget in an iframe), so there is no X-Frame-Options; everything
// else is locked to this origin.
// helmet runs once, at start, on a recording response: that gives the header maps, which one
// synchronous hook per request then sets (running helmet's middleware, or @fastify/helmet's
// two async hooks, on every request cost the cached state endpoint a third of its throughput;
// issue 23). The error paths write the same maps themselves (errors raised before any hook, and
// Node's parser errors: errors.ts).
import type { ServerResponse } from "node:http";
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
    // No X-Permitted-Cross-Domain-Policies: it spoke to Flash and Acrobat, and cost every page
    // load 41 bytes.
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

/**
 * Of the base headers, the ones that change how a browser treats a JSON body: nosniff (never
 * read as a script or a page) and HSTS on https. Referrer-Policy only governs the requests a
 * document makes, and a JSON body makes none; CORP `cross-origin` only lets other origins load
 * the body without CORS (an image, a script), which a JSON body is no use for (browsers block it
 * there), while CORS reads ignore it. The state endpoint writes only these (routes/state.ts):
 * each header costs the busiest route its validation in Node and its bytes on the wire.
 */
export function jsonBodyHeaders(
  headers: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => JSON_BODY_HEADERS.has(name)),
  );
}

const JSON_BODY_HEADERS: ReadonlySet<string> = new Set([
  "x-content-type-options",
  "strict-transport-security",
]);

/** For HTML pages, on top of the base headers (an HTML error page writes them itself). */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...headersOf({ ...baseOptions("http://"), ...pageOptions(CSP_DIRECTIVES) }),
  "permissions-policy": PERMISSIONS_POLICY,
};

/**
 * The base headers on the responses of `app`'s routes, set as each request arrives (the live
 * stream, which hijacks its reply, copies them from it; the state endpoint, registered outside
 * this scope, writes them itself). Set on Fastify's reply, not on Node's response:
 * headers already on Node's response would send every reply down Node's slower writeHead path.
 */
export function installBaseHeaders(app: FastifyInstance, publicUrl: string): void {
  const headers = baseHeaders(publicUrl);
  app.addHook("onRequest", (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

/**
 * Every route of this (encapsulated) plugin is an HTML page: it gets the page headers too, with
 * the given CSP directives. `isPage` leaves out what is not a page (scripts and stylesheets,
 * where a CSP means nothing and only costs bytes).
 */
export function addPageHeaders(
  app: FastifyInstance,
  directives: Readonly<Record<string, readonly string[]>> = CSP_DIRECTIVES,
  isPage: (url: string) => boolean = () => true,
): void {
  const base = new Set(Object.keys(baseHeaders("http://")));
  const headers = Object.fromEntries(
    Object.entries({
      ...headersOf({ ...baseOptions("http://"), ...pageOptions(directives) }),
      "permissions-policy": PERMISSIONS_POLICY,
    }).filter(([name]) => !base.has(name)),
  );
  app.addHook("onRequest", (request, reply, done) => {
    if (isPage(request.url)) void reply.headers(headers);
    done();
  });
}
