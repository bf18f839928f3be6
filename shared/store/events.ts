// Events and the chat rooms bound to them.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, EventRow } from "../db/schema.js";

export type Queryable = Kysely<Database> | Transaction<Database>;

export interface EventWithSettings extends EventRow {
  voice_required: boolean;
  admin_level: number;
  voice_level: number;
}

/** Returns the event with this slug, creating it (with default settings) when missing. */
export async function ensureEvent(db: Queryable, slug: string, name = slug): Promise<EventRow> {
  await db
    .insertInto("events")
    .values({ slug, name })
    .onConflict((oc) => oc.column("slug").doNothing())
    .execute();
  const event = await db
    .selectFrom("events")
    .selectAll()
    .where("slug", "=", slug)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("event_settings")
    .values({ event_id: event.id })
    .onConflict((oc) => oc.column("event_id").doNothing())
    .execute();
  return event;
}

export async function findEvent(db: Queryable, slug: string): Promise<EventRow | undefined> {
  return db.selectFrom("events").selectAll().where("slug", "=", slug).executeTakeFirst();
}

/**
 * Locks the event's row for the rest of the transaction and returns it with its settings.
 * Every command takes this lock first, so commands on one event apply one after the other.
 */
export async function lockEvent(
  trx: Transaction<Database>,
  eventId: number,
): Promise<EventWithSettings> {
  return trx
    .selectFrom("events")
    .innerJoin("event_settings", "event_settings.event_id", "events.id")
    .selectAll("events")
    .select(["voice_required", "admin_level", "voice_level"])
    .where("events.id", "=", eventId)
    .forUpdate("events")
    .executeTakeFirstOrThrow();
}

export const CHANGES_CHANNEL = "ptg_event_changed";

/** Bumps the event's version and tells listeners (delivered when the transaction commits). */
export async function bumpVersion(trx: Transaction<Database>, eventId: number): Promise<number> {
  const row = await trx
    .updateTable("events")
    .set({ version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where("id", "=", eventId)
    .returning(["slug", "version"])
    .executeTakeFirstOrThrow();
  const payload = JSON.stringify({ slug: row.slug, version: row.version });
  await sql`select pg_notify(${CHANGES_CHANNEL}, ${payload})`.execute(trx);
  return row.version;
}

/** The event a chat room is bound to, if any. */
export async function eventForChatRoom(
  db: Queryable,
  chatRoomId: string,
): Promise<EventRow | undefined> {
  return db
    .selectFrom("event_rooms")
    .innerJoin("events", "events.id", "event_rooms.event_id")
    .selectAll("events")
    .where("event_rooms.chat_room_id", "=", chatRoomId)
    .executeTakeFirst();
}

/** Binds a chat room to an event (replacing any earlier binding). */
export async function bindChatRoom(
  db: Queryable,
  chatRoomId: string,
  eventId: number,
): Promise<void> {
  await db
    .insertInto("event_rooms")
    .values({ chat_room_id: chatRoomId, event_id: eventId })
    .onConflict((oc) =>
      oc.column("chat_room_id").doUpdateSet({ event_id: eventId, bound_at: sql`now()` }),
    )
    .execute();
}

/** The event's display name (the page's title). */
export async function setEventName(db: Queryable, eventId: number, name: string): Promise<void> {
  await db.updateTable("events").set({ name }).where("id", "=", eventId).execute();
}

/** Whether track commands need voice. */
export async function setVoiceRequired(
  db: Queryable,
  eventId: number,
  required: boolean,
): Promise<void> {
  await db
    .insertInto("event_settings")
    .values({ event_id: eventId, voice_required: required })
    .onConflict((oc) => oc.column("event_id").doUpdateSet({ voice_required: required }))
    .execute();
}

/** The event's settings (permission levels, voice). */
export async function eventSettings(db: Queryable, eventId: number) {
  return db
    .selectFrom("event_settings")
    .selectAll()
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
}
