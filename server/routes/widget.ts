// The built widget: /widget/… (static files from widget/dist) and /events/:slug (the same app,
// as the event's public page), precompressed. Until the widget is built, a 503 page says how to
// build it.
import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";
import type { ChangeFeed } from "../live/change-feed.js";
import { eventErrors, slugParams, textResponse } from "../schemas/common.js";
import type { SlugParams } from "../schemas/params.js";
import { addPageHeaders } from "../http/security-headers.js";
import { requireEvent } from "./require-event.js";

/** Where the build's content-hashed files are served. */
const ASSETS = "/widget/assets/";

export const WIDGET_BUILD_COMMAND = "npx vite build --config widget/vite.config.ts";

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Widget not built</title></head>
<body>
<h1>The widget has not been built yet</h1>
<p>This server serves the widget from <code>widget/dist</code>, which does not exist yet.
Build it from the project's directory with:</p>
<pre>${WIDGET_BUILD_COMMAND}</pre>
<p>then reload this page (no restart needed).</p>
</body>
</html>
`;

export const widgetRoutes: FastifyPluginAsync<{ feed: ChangeFeed; widgetDir: string }> = async (
  app,
  { feed, widgetDir },
) => {
  // The build's content-hashed scripts and stylesheets are no pages: the base headers only.
  addPageHeaders(app, undefined, (url) => !url.startsWith(ASSETS));
  const indexFile = path.join(widgetDir, "index.html");
  let built = false;
  app.addHook("onRequest", async (_request, reply) => {
    built ||= existsSync(indexFile);
    if (built) return;
    return reply
      .code(503)
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header("retry-after", "30")
      .send(NOT_BUILT_PAGE);
  });

  await app.register(fastifyStatic, {
    root: path.resolve(widgetDir),
    prefix: "/widget",
    redirect: true,
    // An array: with preCompressed, @fastify/static 10 looks up a directory's index only in one.
    index: ["index.html"],
    // The build writes .br and .gz twins of every text file (widget/vite.config.ts): send the
    // one the browser accepts, with its Content-Encoding.
    preCompressed: true,
    // Revalidated by ETag alone (bytes saved on every first load); nothing here is big enough
    // to fetch in ranges.
    lastModified: false,
    acceptRanges: false,
    cacheControl: false,
    schemaHide: true,
    setHeaders: (reply, filePath) => {
      // Vite puts content-hashed files under assets/: they never change, so they are never
      // revalidated either (no ETag).
      // (No "public": nothing here needs authorization, so shared caches may keep it anyway.)
      const immutable = filePath.split(path.sep).includes("assets");
      void reply.header("cache-control", immutable ? "max-age=31536000, immutable" : "no-cache");
      if (immutable) void reply.removeHeader("etag");
      // JavaScript's registered type (RFC 9239), where the type table says application/javascript.
      if (/\.js(\.br|\.gz)?$/.test(filePath)) {
        void reply.header("content-type", "text/javascript; charset=utf-8");
      }
    },
  });

  app.get<{ Params: SlugParams }>(
    "/events/:slug",
    {
      schema: {
        tags: ["pages"],
        summary: "The event's public page (the widget, outside Matrix)",
        params: slugParams,
        response: { 200: textResponse("text/html", "The widget's HTML page"), ...eventErrors },
      },
    },
    async (request, reply) => {
      await requireEvent(feed, request.params.slug);
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    },
  );
};
