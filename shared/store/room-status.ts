// Pinned status messages (issue 20): which of an event's rooms may have one (`~status on|off`
// per room, else the default), and the message each room has, as the bot last set it.
import { sql, type RawBuilder } from "kysely";
import type { Queryable } from "./events.js";

export type StatusMode = "on" | "off";

/** An event room and what decides whether it shows a status message. */
export interface StatusRoom {
  roomId: string;
  /** `~status on|off` said in the room; null: the default. */
  mode: StatusMode | null;
  /** Whether the room is a track's own room (its topic shows that track's status). */
  trackRoom: boolean;
  /** Whether the bot keeps a status message there now. */
  hasMessage: boolean;
}

/** An event room, with the track it is the room of (null: none) and its status settings. */
export interface EventRoom extends StatusRoom {
  track: string | null;
}

/**
 * The event's rooms, in the order they were bound, each with its track and status settings:
 * what a change's track topics and status messages are queued from (operations/change-entries.ts).
 */
export async function eventRooms(db: Queryable, eventId: number): Promise<EventRoom[]> {
  const rows = await db
    .selectFrom("event_rooms")
    .leftJoin("tracks", "tracks.id", "event_rooms.track_id")
    .leftJoin("status_messages", "status_messages.room_id", "event_rooms.chat_room_id")
    .select(["chat_room_id", "status_mode", "tracks.name", "status_messages.event_id"])
    .where("event_rooms.event_id", "=", eventId)
    .orderBy("bound_at")
    .execute();
  return rows.map((r) => ({
    roomId: r.chat_room_id,
    mode: r.status_mode,
    track: r.name,
    trackRoom: r.name !== null,
    hasMessage: r.event_id !== null,
  }));
}

/**
 * eventRooms as one JSON value, for a statement that reads more (store/events.ts commandEvent):
 * `eventId` is the SQL of the event's id there. toEventRooms reads it.
 */
export const eventRoomsJson = (eventId: RawBuilder<number>): RawBuilder<unknown> => sql`(
  select coalesce(json_agg(json_build_object('roomId', er.chat_room_id, 'mode', er.status_mode,
    'track', tr.name, 'hasMessage', sm.event_id is not null) order by er.bound_at), '[]')
  from event_rooms er left join tracks tr on tr.id = er.track_id
    left join status_messages sm on sm.room_id = er.chat_room_id
  where er.event_id = ${eventId})`;

export const toEventRooms = (json: unknown): EventRoom[] =>
  (json as Omit<EventRoom, "trackRoom">[]).map((r) => ({ ...r, trackRoom: r.track !== null }));

/** One event room's status settings, or undefined when the room is not an event room. */
export async function statusRoom(
  db: Queryable,
  roomId: string,
): Promise<Omit<StatusRoom, "hasMessage"> | undefined> {
  const row = await db
    .selectFrom("event_rooms")
    .select(["chat_room_id", "status_mode", "track_id"])
    .where("chat_room_id", "=", roomId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { roomId: row.chat_room_id, mode: row.status_mode, trackRoom: row.track_id !== null };
}

export async function setStatusMode(
  db: Queryable,
  roomId: string,
  mode: StatusMode | null,
): Promise<void> {
  await db
    .updateTable("event_rooms")
    .set({ status_mode: mode })
    .where("chat_room_id", "=", roomId)
    .execute();
}

/** The bot's status message in a room: its event id and the text it shows. */
export interface StatusMessage {
  eventId: string;
  body: string;
}

export async function findStatusMessage(
  db: Queryable,
  roomId: string,
): Promise<StatusMessage | undefined> {
  const row = await db
    .selectFrom("status_messages")
    .select(["event_id", "body"])
    .where("room_id", "=", roomId)
    .executeTakeFirst();
  return row === undefined ? undefined : { eventId: row.event_id, body: row.body };
}

export async function saveStatusMessage(
  db: Queryable,
  roomId: string,
  message: StatusMessage,
): Promise<void> {
  await db
    .insertInto("status_messages")
    .values({ room_id: roomId, event_id: message.eventId, body: message.body })
    .onConflict((oc) =>
      oc
        .column("room_id")
        .doUpdateSet({ event_id: message.eventId, body: message.body, updated_at: new Date() }),
    )
    .execute();
}

export async function forgetStatusMessage(db: Queryable, roomId: string): Promise<void> {
  await db.deleteFrom("status_messages").where("room_id", "=", roomId).execute();
}

/** Whether the event's meeting links are private (`~privatelinks on`). */
export async function privateLinks(db: Queryable, eventId: number): Promise<boolean> {
  const row = await db
    .selectFrom("events")
    .select("private_links")
    .where("id", "=", eventId)
    .executeTakeFirst();
  return row?.private_links ?? false;
}

export async function setPrivateLinks(db: Queryable, eventId: number, on: boolean): Promise<void> {
  await db.updateTable("events").set({ private_links: on }).where("id", "=", eventId).execute();
}
