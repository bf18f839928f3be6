// Track look-ups the command handlers share.
import type { Queryable } from "./events.js";
import type { TrackRef } from "../commands/types.js";
import { weekdayName } from "../domain/weekday.js";

export async function findTrack(
  db: Queryable,
  eventId: number,
  name: string,
): Promise<TrackRef | undefined> {
  return db
    .selectFrom("tracks")
    .select(["id", "name"])
    .where("event_id", "=", eventId)
    .where("name", "=", name.toLowerCase())
    .executeTakeFirst();
}

export async function listTrackNames(db: Queryable, eventId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("tracks")
    .select("name")
    .where("event_id", "=", eventId)
    .orderBy("name")
    .execute();
  return rows.map((r) => r.name);
}

/** The weekday name ("Monday") of a time, in the server's time zone. */
export function dayName(now: Date): string {
  return weekdayName(now);
}

/**
 * The room where a track is booked today (its first booking of the day, in room order). When the
 * event does not run today, the event's first day counts as today, as PTGbot did.
 */
export async function todaysRoom(
  db: Queryable,
  eventId: number,
  trackId: number,
  now: Date,
): Promise<string | null> {
  const days = await db
    .selectFrom("slots")
    .select("day")
    .distinct()
    .select("day_position")
    .where("event_id", "=", eventId)
    .orderBy("day_position")
    .execute();
  const today = dayName(now);
  const day = days.some((d) => d.day === today) ? today : days[0]?.day;
  if (day === undefined) return null;
  const row = await db
    .selectFrom("bookings")
    .innerJoin("slots", "slots.id", "bookings.slot_id")
    .innerJoin("rooms", "rooms.id", "bookings.room_id")
    .select("rooms.name")
    .where("slots.event_id", "=", eventId)
    .where("slots.day", "=", day)
    .where("bookings.track_id", "=", trackId)
    .orderBy("rooms.position")
    .orderBy("slots.position")
    .executeTakeFirst();
  return row?.name ?? null;
}
