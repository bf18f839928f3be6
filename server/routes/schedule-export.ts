// GET /events/:slug/schedule.json (c3voc's format) and /events/:slug/schedule.xml (frab's):
// the event's talks, or its booked, timed slots, for companion apps (Giggity, ConfClerk,
// Fahrplan) and other schedule tools. Rendered once per event version and compressed like
// ptg.json; a request costs a cached buffer or a 304.
import type { FastifyPluginCallback } from "fastify";
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { eventSchedule } from "../calendar/event-schedule.js";
import type { TalkSchedule } from "../../shared/domain/talk-model.js";
import { findEvent } from "../../shared/store/events.js";
import type { ChangeFeed } from "../live/change-feed.js";
import { addPreflight } from "../http/cors.js";
import { versionEtag } from "../http/etag.js";
import { eventErrors, notModified, slugParams, textResponse } from "../schemas/common.js";
import type { SlugParams } from "../schemas/params.js";
import type { Snapshot } from "../live/snapshot.js";
import { requireEvent, unknownEvent } from "./require-event.js";
import { sendDerived } from "./send-derived.js";

export interface ScheduleExportOptions {
  feed: ChangeFeed;
  db: Kysely<Database>;
}

const FORMATS = {
  json: {
    type: "application/json; charset=utf-8",
    // The exporters (the XML one brings an XML builder) load on first use, not at start.
    render: async (s: TalkSchedule) =>
      JSON.stringify((await import("../../shared/schedule/export-c3voc.js")).toC3voc(s)),
    summary: "The event's schedule in c3voc's schedule.json format",
  },
  xml: {
    type: "application/xml; charset=utf-8",
    render: async (s: TalkSchedule) =>
      (await import("../../shared/schedule/export-frab.js")).toFrabXml(s),
    summary: "The event's schedule in frab's schedule.xml format",
  },
} as const;

export const scheduleExportRoutes: FastifyPluginCallback<ScheduleExportOptions> = (
  app,
  { feed, db },
  done,
) => {
  const render = (snapshot: Snapshot, kind: keyof typeof FORMATS) =>
    snapshot.derive(`schedule.${kind}`, async () => {
      const { slug } = snapshot.state;
      const event = await findEvent(db, slug);
      if (event === undefined) throw unknownEvent(slug);
      const schedule = await eventSchedule(db, event.id, snapshot.state);
      return {
        body: Buffer.from(await FORMATS[kind].render(schedule)),
        etag: versionEtag(slug, snapshot.version, `schedule-${kind}`),
      };
    });

  for (const kind of ["json", "xml"] as const) {
    const path = `/events/:slug/schedule.${kind}`;
    addPreflight(app, path);
    app.get<{ Params: SlugParams }>(
      path,
      {
        schema: {
          tags: ["calendars"],
          summary: FORMATS[kind].summary,
          params: slugParams,
          response: {
            200: textResponse(FORMATS[kind].type.split(";")[0] ?? "", "The schedule"),
            304: notModified,
            ...eventErrors,
          },
        },
      },
      async (request, reply) => {
        const snapshot = await requireEvent(feed, request.params.slug);
        return sendDerived(request, reply, await render(snapshot, kind), FORMATS[kind].type);
      },
    );
  }
  done();
};
