// Shared set-up for the PTGbot import/export tests (the Denver document: test/support/denver.ts): fresh events, and import the
// way the callers (`~fetchdb`, the CLI) do it: validate, then import in one transaction.
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { importPtgbot, type ImportSummary } from "../../shared/schedule/ptgbot-import.js";
import { parsePtgbotDocument } from "../../shared/ptgbot/validate.js";
import { ensureEvent } from "../../shared/store/events.js";

let serial = 0;

/** A new, empty event; its slug is `slug` plus a counter unless `exact`. */
export async function newEvent(db: Kysely<Database>, slug = "ev", exact = false) {
  serial += 1;
  const event = await ensureEvent(db, exact ? slug : `${slug}-${serial}`);
  return event.id;
}

/** Validates and imports `input` in one transaction, as the callers do. */
export async function load(
  db: Kysely<Database>,
  eventId: number,
  input: unknown,
): Promise<ImportSummary> {
  return db.transaction().execute((trx) => importPtgbot(trx, eventId, parsePtgbotDocument(input)));
}

/** Like load, but returns the error message (or null when it was accepted). */
export async function refusal(
  db: Kysely<Database>,
  eventId: number,
  input: unknown,
): Promise<string | null> {
  try {
    await load(db, eventId, input);
    return null;
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}
