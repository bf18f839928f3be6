// GET /events/:slug/ptg.json: the event in PTGbot's JSON format, so that existing PTGbot pages
// and tools keep working. Rendered once per event version, and not rate-limited: a request
// costs a cached buffer or a 304.
import type { FastifyPluginCallback } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import type { ChangeFeed } from "../live/change-feed.js";
import { addPreflight } from "../http/cors.js";
import { renderPtgJson } from "../live/ptgbot-document.js";
import { eventErrors, notModified, slugParams } from "../schemas/common.js";
import type { SlugParams } from "../schemas/params.js";
import { requireEvent, unknownEvent } from "./require-event.js";
import { sendDerived } from "./send-derived.js";

export interface PtgJsonRoutesOptions {
  feed: ChangeFeed;
  db: Kysely<Database>;
  /** Include attendees' subscriptions (PTG_PUBLISH_SUBSCRIPTIONS); default: leave them out. */
  publishSubscriptions?: boolean;
}

export const ptgJsonRoutes: FastifyPluginCallback<PtgJsonRoutesOptions> = (
  app,
  { feed, db, publishSubscriptions = false },
  done,
) => {
  addPreflight(app, "/events/:slug/ptg.json");
  app.get<{ Params: SlugParams }>(
    "/events/:slug/ptg.json",
    {
      schema: {
        tags: ["events"],
        summary: "The event in PTGbot's JSON format",
        description:
          "Every key of the IRC bot's database file, plus `timestamp` (`YYYY-MM-DD HH:MM:SS`, UTC). `subscriptions` is empty unless the operator publishes it (PTG_PUBLISH_SUBSCRIPTIONS).",
        params: slugParams,
        response: {
          200: {
            description: "A PTGbot document",
            type: "object",
            additionalProperties: true,
          },
          304: notModified,
          ...eventErrors,
        },
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const snapshot = await requireEvent(feed, slug);
      const doc = await snapshot.derive("ptg.json", async () => {
        const rendered = await renderPtgJson(db, slug, { publishSubscriptions });
        if (rendered === undefined) throw unknownEvent(slug);
        return rendered;
      });
      return sendDerived(request, reply, doc, "application/json; charset=utf-8");
    },
  );
  done();
};
