// Events and the chat rooms bound to them.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, EventRow } from "../db/schema.js";
import { eventRoomsJson, toEventRooms, type EventRoom } from "./room-status.js";

export type Queryable = Kysely<Database> | Transaction<Database>;

export interface EventWithSettings extends EventRow {
  voice_required: boolean;
  admin_level: number;
  voice_level: number;
  leads_required: boolean;
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
  return lockedEvent(trx).where("events.id", "=", eventId).executeTakeFirstOrThrow();
}

/** An event with its settings, its row locked for the transaction (lockEvent, lockEventBySlug). */
const lockedEvent = (trx: Transaction<Database>) =>
  trx
    .selectFrom("events")
    .innerJoin("event_settings", "event_settings.event_id", "events.id")
    .selectAll("events")
    .select(["voice_required", "admin_level", "voice_level", "leads_required"])
    .forUpdate("events");

/**
 * lockEvent by the event's slug, in one statement: undefined when no such event exists yet
 * (the caller creates it with ensureEvent and locks it by id).
 */
export async function lockEventBySlug(
  trx: Transaction<Database>,
  slug: string,
): Promise<EventWithSettings | undefined> {
  return lockedEvent(trx).where("events.slug", "=", slug).executeTakeFirst();
}

/**
 * A command's first statement (operations/execute.ts): the event and its settings by slug,
 * locked unless `lock` is false (the command's version bump takes the lock later), with the
 * transaction's settings in the same round trip: `asyncCommit` (its commit does not wait for
 * the disk: the caller waits for a flush barrier, db/durability.ts), and `lockTimeout`.
 */
export async function commandEvent(
  trx: Transaction<Database>,
  slug: string,
  options: {
    lock: boolean;
    asyncCommit: boolean;
    lockTimeout: string | null;
    /** Also read: a track by name (lower case) and whether `userId` leads it, and the rooms. */
    track?: { name: string; userId: string };
  },
): Promise<(EventWithSettings & { read?: CommandReads }) | undefined> {
  let query = trx
    .selectFrom("events")
    .innerJoin("event_settings", "event_settings.event_id", "events.id")
    .selectAll("events")
    .select(["voice_required", "admin_level", "voice_level", "leads_required"])
    .where("events.slug", "=", slug);
  if (options.asyncCommit) {
    query = query.select(sql<string>`set_config('synchronous_commit', 'off', true)`.as("sc"));
  }
  if (options.lockTimeout !== null) {
    query = query.select(
      sql<string>`set_config('lock_timeout', ${options.lockTimeout}, true)`.as("lt"),
    );
  }
  const { track } = options;
  if (track !== undefined) {
    query = query.select([
      sql<CommandReads["track"]>`(
        select json_build_object('id', t.id, 'name', t.name, 'isLead', exists (
          select from track_leads l where l.track_id = t.id and l.user_id = ${track.userId}))
        from tracks t where t.event_id = events.id and t.name = ${track.name})`.as("track"),
      eventRoomsJson(sql<number>`events.id`).as("rooms"),
    ]);
  }
  if (options.lock) query = query.forUpdate("events");
  const row = await query.executeTakeFirst();
  if (row === undefined) return undefined;
  const {
    sc: _sc,
    lt: _lt,
    track: found,
    rooms,
    ...event
  } = row as typeof row & {
    sc?: string;
    lt?: string;
    track?: CommandReads["track"];
    rooms?: unknown;
  };
  return track === undefined
    ? event
    : { ...event, read: { track: found ?? null, rooms: toEventRooms(rooms) } };
}

/** What commandEvent read besides the event, when asked. */
export interface CommandReads {
  track: { id: number; name: string; isLead: boolean } | null;
  rooms: EventRoom[];
}

export const CHANGES_CHANNEL = "ptg_event_changed";
const MAX_SCOPED_PAYLOAD = 7000;

/** Parts of an event's state that are read whole when one of them changed. */
export const CHANGE_PARTS = [
  "settings",
  "banners",
  "links",
  "people",
  "schedule",
  "rooms",
  "chatRooms",
  "power",
] as const;
export type ChangePart = (typeof CHANGE_PARTS)[number];

/**
 * What a change touched, beyond the event's own row (always re-read): tracks by name (their
 * row, topics and check-ins) and whole parts. Listeners re-read only these; a change that
 * does not say (no scope) may have touched anything.
 */
export interface ChangeScope {
  tracks?: readonly string[];
  parts?: readonly ChangePart[];
}

/**
 * Bumps the event's version and tells listeners (delivered when the transaction commits),
 * with what changed when the caller knows it.
 */
export async function bumpVersion(
  trx: Transaction<Database>,
  eventId: number,
  scope?: ChangeScope,
): Promise<number> {
  const row = await trx
    .updateTable("events")
    .set({ version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where("id", "=", eventId)
    .returning(["slug", "version"])
    .executeTakeFirstOrThrow();
  const { before, after } = changePayload(row.slug, scope);
  await sql`select pg_notify(${CHANGES_CHANNEL}, ${before + String(row.version) + after})`.execute(
    trx,
  );
  return row.version;
}

/**
 * The change notification's payload around its version (`before + version + after`), so that
 * a statement that bumps the version can send it: `{"slug":…,"version":N,"scope":…}`. A NOTIFY
 * payload holds less than 8000 bytes: a change too big to name is a whole change.
 */
export function changePayload(
  slug: string,
  scope: ChangeScope | undefined,
): { before: string; after: string } {
  const before = `{"slug":${JSON.stringify(slug)},"version":`;
  const after = scope === undefined ? "}" : `,"scope":${JSON.stringify(scope)}}`;
  // The longest version a payload can hold: 2^31 - 1.
  return Buffer.byteLength(before + "2147483647" + after) > MAX_SCOPED_PAYLOAD
    ? { before, after: "}" }
    : { before, after };
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

/** Whether track commands need the track's leads (or an admin). */
export async function setLeadsRequired(
  db: Queryable,
  eventId: number,
  required: boolean,
): Promise<void> {
  await db
    .updateTable("event_settings")
    .set({ leads_required: required })
    .where("event_id", "=", eventId)
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

/** Unbinds a chat room; returns the slug of the event it was bound to, if any. */
export async function unbindChatRoom(
  db: Queryable,
  chatRoomId: string,
): Promise<string | undefined> {
  const bound = await eventForChatRoom(db, chatRoomId);
  if (bound === undefined) return undefined;
  await db.deleteFrom("event_rooms").where("chat_room_id", "=", chatRoomId).execute();
  return bound.slug;
}
