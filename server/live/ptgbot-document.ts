// ptg.json: an event in PTGbot's JSON format plus PTGbot's `timestamp`, read from one
// consistent snapshot so that the ETag's version matches the content. Public: attendees'
// subscriptions are left out unless the operator publishes them (PTG_PUBLISH_SUBSCRIPTIONS).
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { formatTimestamp } from "../../shared/domain/timestamp.js";
import { exportPtgbot } from "../../shared/ptgbot/export.js";
import type { CompletePtgbotDocument } from "../../shared/ptgbot/format.js";
import { findEvent } from "../../shared/store/events.js";
import { versionEtag } from "../http/etag.js";
import type { Derived } from "./snapshot.js";

/**
 * `~privatelinks on`: the document without track urls, custom etherpads and rooms' meeting
 * links (PTGbot's own page still shows its generated etherpad names).
 */
export function withoutMeetingLinks(doc: CompletePtgbotDocument): CompletePtgbotDocument {
  return {
    ...doc,
    etherpads: {},
    urls: {},
    schedule: Object.fromEntries(
      Object.entries(doc.schedule).map(([name, room]) => {
        const { url: _url, ...rest } = room;
        return [name, rest];
      }),
    ),
  };
}

/** The document, or undefined when the event does not exist (any more). */
export async function renderPtgJson(
  db: Kysely<Database>,
  slug: string,
  options: { publishSubscriptions: boolean },
): Promise<Derived | undefined> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (trx) => {
      const event = await findEvent(trx, slug);
      if (event === undefined) return undefined;
      const doc = await exportPtgbot(trx, event.id, {
        subscriptions: options.publishSubscriptions,
      });
      const shown = event.private_links ? withoutMeetingLinks(doc) : doc;
      const body = { ...shown, timestamp: formatTimestamp(event.updated_at) };
      return {
        body: Buffer.from(JSON.stringify(body)),
        etag: versionEtag(event.slug, event.version, "ptg"),
      };
    });
}
