// Private calendars of followed tracks (issue 21, item 3), like pretalx's faved.ics: a
// signed-in person gets a random token for an event, whose URL serves the tracks they follow.
// Only its SHA-256 is stored (a database dump holds no usable link): the URL is shown once,
// and a new one replaces (revokes) the old. One per person and event; revocable.
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { hashToken } from "./sessions.js";

const PREFIX = "ptgc_";

/** A token's shape, checked before any query. */
export const looksLikeCalendarToken = (token: string): boolean =>
  /^ptgc_[A-Za-z0-9_-]{43}$/.test(token);

/** Makes a new token for the person (revoking the one they had); returns it (shown once). */
export async function createCalendarToken(
  db: Kysely<Database>,
  eventId: number,
  personKey: string,
  now: Date,
): Promise<string> {
  const token = PREFIX + randomBytes(32).toString("base64url");
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom("calendar_tokens")
      .where("event_id", "=", eventId)
      .where("person_key", "=", personKey)
      .execute();
    await trx
      .insertInto("calendar_tokens")
      .values({
        token_hash: hashToken(token),
        event_id: eventId,
        person_key: personKey,
        created_at: now,
      })
      .execute();
  });
  return token;
}

/** Revokes the person's token; false when they had none. */
export async function revokeCalendarToken(
  db: Kysely<Database>,
  eventId: number,
  personKey: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom("calendar_tokens")
    .where("event_id", "=", eventId)
    .where("person_key", "=", personKey)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** When the person's current token was made (null: they have none). */
export async function calendarTokenCreated(
  db: Kysely<Database>,
  eventId: number,
  personKey: string,
): Promise<Date | null> {
  const row = await db
    .selectFrom("calendar_tokens")
    .select("created_at")
    .where("event_id", "=", eventId)
    .where("person_key", "=", personKey)
    .executeTakeFirst();
  return row === undefined ? null : new Date(row.created_at);
}

/** Whose calendar a token opens, in which event (undefined: unknown or revoked). */
export async function findCalendarToken(
  db: Kysely<Database>,
  token: string,
): Promise<{ eventId: number; personKey: string } | undefined> {
  if (!looksLikeCalendarToken(token)) return undefined;
  const row = await db
    .selectFrom("calendar_tokens")
    .select(["event_id", "person_key"])
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  return row === undefined ? undefined : { eventId: row.event_id, personKey: row.person_key };
}
