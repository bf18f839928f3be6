// People: check-ins (one row per person: their last one) and subscriptions, with their verbs.
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Queryable } from "./events.js";

type Trx = Transaction<Database>;

export interface Person {
  eventId: number;
  /** Stable identity: a Matrix user id, `console:…`, or `nick:…` for people known by nick. */
  personKey: string;
  nick: string;
}

export async function checkIn(trx: Trx, who: Person, place: string, at: Date): Promise<void> {
  const values = { nick: who.nick, location: place, checked_in_at: at, checked_out_at: null };
  await trx
    .insertInto("check_ins")
    .values({ event_id: who.eventId, person_key: who.personKey, ...values })
    .onConflict((oc) => oc.columns(["event_id", "person_key"]).doUpdateSet(values))
    .execute();
}

export async function checkOut(trx: Trx, who: Person, at: Date): Promise<void> {
  await trx
    .updateTable("check_ins")
    .set({ checked_out_at: at, nick: who.nick })
    .where("event_id", "=", who.eventId)
    .where("person_key", "=", who.personKey)
    .execute();
}

/** A person's last check-in, if any. */
export async function lastCheckIn(db: Queryable, eventId: number, personKey: string) {
  return db
    .selectFrom("check_ins")
    .select(["location", "checked_out_at"])
    .where("event_id", "=", eventId)
    .where("person_key", "=", personKey)
    .executeTakeFirst();
}

/** The latest check-in of NICK: a nick, a Matrix id or its localpart, case-insensitively. */
export async function findSeen(db: Queryable, eventId: number, who: string) {
  const key = who.toLowerCase();
  return db
    .selectFrom("check_ins")
    .selectAll()
    .where("event_id", "=", eventId)
    .where((eb) =>
      eb.or([
        eb(sql`lower(nick)`, "=", key),
        eb(sql`lower(person_key)`, "=", key),
        eb(sql`lower(person_key)`, "=", `nick:${key}`),
        // The localpart of a Matrix id (`@jdoe:example.org`); other keys have none.
        eb.and([
          eb("person_key", "like", "@%"),
          eb(sql`lower(split_part(substr(person_key, 2), ':', 1))`, "=", key.replace(/^@/, "")),
        ]),
      ]),
    )
    .orderBy("checked_in_at", "desc")
    .executeTakeFirst();
}

export async function findSubscription(
  db: Queryable,
  eventId: number,
  personKey: string,
): Promise<string | null> {
  const row = await db
    .selectFrom("subscriptions")
    .select("pattern")
    .where("event_id", "=", eventId)
    .where("person_key", "=", personKey)
    .executeTakeFirst();
  return row?.pattern ?? null;
}

export async function subscribe(trx: Trx, who: Person, pattern: string): Promise<void> {
  const values = { nick: who.nick, pattern };
  await trx
    .insertInto("subscriptions")
    .values({ event_id: who.eventId, person_key: who.personKey, ...values })
    .onConflict((oc) => oc.columns(["event_id", "person_key"]).doUpdateSet(values))
    .execute();
}

/** Cancels a subscription; returns its pattern, or null when there was none. */
export async function unsubscribe(trx: Trx, eventId: number, personKey: string) {
  const removed = await trx
    .deleteFrom("subscriptions")
    .where("event_id", "=", eventId)
    .where("person_key", "=", personKey)
    .returning("pattern")
    .executeTakeFirst();
  return removed?.pattern ?? null;
}

export interface CheckInRecord {
  personKey: string;
  nick: string;
  location: string;
  checkedInAt: Date;
  checkedOutAt: Date | null;
}

/** Replaces every check-in of the event. */
export async function replaceCheckIns(
  trx: Trx,
  eventId: number,
  records: CheckInRecord[],
  chunkSize: number,
): Promise<void> {
  await trx.deleteFrom("check_ins").where("event_id", "=", eventId).execute();
  const rows = records.map((c) => ({
    event_id: eventId,
    person_key: c.personKey,
    nick: c.nick,
    location: c.location,
    checked_in_at: c.checkedInAt,
    checked_out_at: c.checkedOutAt,
  }));
  for (let i = 0; i < rows.length; i += chunkSize) {
    await trx
      .insertInto("check_ins")
      .values(rows.slice(i, i + chunkSize))
      .execute();
  }
}

/** Replaces every subscription of the event. */
export async function replaceSubscriptions(
  trx: Trx,
  eventId: number,
  records: { personKey: string; nick: string; pattern: string }[],
  chunkSize: number,
): Promise<void> {
  await trx.deleteFrom("subscriptions").where("event_id", "=", eventId).execute();
  const rows = records.map((s) => ({
    event_id: eventId,
    person_key: s.personKey,
    nick: s.nick,
    pattern: s.pattern,
  }));
  for (let i = 0; i < rows.length; i += chunkSize) {
    await trx
      .insertInto("subscriptions")
      .values(rows.slice(i, i + chunkSize))
      .execute();
  }
}
