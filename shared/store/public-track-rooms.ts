// Which track rooms the public state lists (issue 20), by the rule of public-rooms.ts: a room
// whose join rule is `public` (as the bot last saw it) or that an admin marked public. Private
// rooms' ids are never published.
import type { TrackRoomLink } from "../api/event-state.js";
import type { Queryable } from "./events.js";

/** The event's public track rooms, by track name. */
export async function publicTrackRooms(db: Queryable, eventId: number): Promise<TrackRoomLink[]> {
  const rows = await db
    .selectFrom("event_rooms")
    .innerJoin("tracks", "tracks.id", "event_rooms.track_id")
    .leftJoin("matrix_room_power", "matrix_room_power.room_id", "event_rooms.chat_room_id")
    .select(["tracks.name", "event_rooms.chat_room_id", "event_rooms.matrix_alias"])
    .where("event_rooms.event_id", "=", eventId)
    .where((eb) =>
      eb.or([
        eb("event_rooms.listed_public", "=", true),
        eb("matrix_room_power.join_rule", "=", "public"),
      ]),
    )
    .orderBy("tracks.name")
    .execute();
  return rows
    .filter((r) => r.chat_room_id.startsWith("!"))
    .map((r) => ({ track: r.name, roomId: r.chat_room_id, alias: r.matrix_alias }));
}
