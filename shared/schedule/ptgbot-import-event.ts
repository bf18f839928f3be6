// Imports a PTGbot JSON document into an event, as one change: validated first, applied in
// one transaction, all or nothing.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { bumpVersion, ensureEvent, lockEvent } from "../store/events.js";
import { importPtgbot, type ImportSummary } from "./ptgbot-import.js";
import { parsePtgbotDocument } from "../ptgbot/validate.js";

export async function importIntoEvent(
  db: Kysely<Database>,
  slug: string,
  json: unknown,
): Promise<{ version: number; summary: ImportSummary }> {
  const doc = parsePtgbotDocument(json);
  return db.transaction().execute(async (trx) => {
    const { id } = await ensureEvent(trx, slug);
    await lockEvent(trx, id);
    const summary = await importPtgbot(trx, id, doc);
    return { version: await bumpVersion(trx, id), summary };
  });
}
