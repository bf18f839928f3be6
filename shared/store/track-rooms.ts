// Track rooms (issue 20): which event room is a track's own. A room belongs to at most one
// track, a track has at most one room (a unique index); unbinding keeps the room an event room.
import type { Queryable } from "./events.js";
import type { TrackRef } from "./tracks.js";

/** The track a chat room is bound to, or undefined. */
export async function trackOfRoom(
  db: Queryable,
  chatRoomId: string,
): Promise<TrackRef | undefined> {
  return db
    .selectFrom("event_rooms")
    .innerJoin("tracks", "tracks.id", "event_rooms.track_id")
    .select(["tracks.id", "tracks.name"])
    .where("event_rooms.chat_room_id", "=", chatRoomId)
    .executeTakeFirst();
}

/** The room bound to a track, or undefined. */
export async function roomOfTrack(db: Queryable, trackId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom("event_rooms")
    .select("chat_room_id")
    .where("track_id", "=", trackId)
    .executeTakeFirst();
  return row?.chat_room_id;
}

/** Binds an event room (the row must exist) to a track, or unbinds it (null). */
export async function setRoomTrack(
  db: Queryable,
  chatRoomId: string,
  trackId: number | null,
): Promise<void> {
  await db
    .updateTable("event_rooms")
    .set({ track_id: trackId })
    .where("chat_room_id", "=", chatRoomId)
    .execute();
}

/** Each of the event's tracks that has a room: track name → room id. */
export async function eventTrackRooms(
  db: Queryable,
  eventId: number,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("event_rooms")
    .innerJoin("tracks", "tracks.id", "event_rooms.track_id")
    .select(["tracks.name", "event_rooms.chat_room_id"])
    .where("event_rooms.event_id", "=", eventId)
    .execute();
  return new Map(rows.map((r) => [r.name, r.chat_room_id]));
}
