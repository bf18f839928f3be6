// Tracks: look-ups and the verbs that change them.
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Queryable } from "./events.js";

type Trx = Transaction<Database>;

export interface TrackRef {
  id: number;
  name: string;
}
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

/** The event's tracks with these names (those that exist). */
export async function findTracks(db: Queryable, eventId: number, names: string[]) {
  if (names.length === 0) return [];
  return db
    .selectFrom("tracks")
    .select(["id", "name"])
    .where("event_id", "=", eventId)
    .where("name", "in", names)
    .execute();
}

/** Every track of the event. */
export async function eventTracks(db: Queryable, eventId: number): Promise<TrackRef[]> {
  return db.selectFrom("tracks").select(["id", "name"]).where("event_id", "=", eventId).execute();
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

export async function addTracks(trx: Trx, eventId: number, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await trx
    .insertInto("tracks")
    .values(names.map((name) => ({ event_id: eventId, name })))
    .execute();
}

/** Deletes tracks; their bookings become available, their topics go. */
export async function deleteTracks(trx: Trx, trackIds: number[]): Promise<void> {
  if (trackIds.length === 0) return;
  await trx.deleteFrom("tracks").where("id", "in", trackIds).execute();
}

export async function setTrackColor(trx: Trx, trackId: number, color: string): Promise<void> {
  await trx.updateTable("tracks").set({ color }).where("id", "=", trackId).execute();
}

/** `null`: the generated etherpad. */
export async function setTrackEtherpad(
  trx: Trx,
  trackId: number,
  etherpad: string | null,
): Promise<void> {
  await trx.updateTable("tracks").set({ etherpad }).where("id", "=", trackId).execute();
}

/** `null`: no meeting link of its own. */
export async function setTrackUrl(trx: Trx, trackId: number, url: string | null): Promise<void> {
  await trx.updateTable("tracks").set({ url }).where("id", "=", trackId).execute();
}

/** Where the track meets, set by hand: the schedule no longer moves it. */
export async function setTrackLocation(trx: Trx, trackId: number, location: string): Promise<void> {
  await trx
    .updateTable("tracks")
    .set({ location, location_set_by_hand: true })
    .where("id", "=", trackId)
    .execute();
}

/** Moves the track to its scheduled room, unless its location was set by hand. */
/**
 * Today's room of a track (todaysRoom) and the track's location, in one statement; with
 * `follow`, the location first follows the schedule to that room (followSchedule).
 */
export async function todaysRoomAndLocation(
  trx: Trx,
  eventId: number,
  trackId: number,
  now: Date,
  follow: boolean,
): Promise<{ room: string | null; location: string | null }> {
  const { rows } = await sql<{ room: string | null; location: string | null }>`
    with days as (
      select distinct day, day_position from slots where event_id = ${eventId}
    ), today as (
      select coalesce(
        (select day from days where day = ${dayName(now)} limit 1),
        (select day from days order by day_position limit 1)
      ) as day
    ), room as (
      select rooms.name from bookings
        join slots on slots.id = bookings.slot_id
        join rooms on rooms.id = bookings.room_id
      where slots.event_id = ${eventId} and slots.day = (select day from today)
        and bookings.track_id = ${trackId}
      order by rooms.position, slots.position limit 1
    ), moved as (
      update tracks set location = (select name from room)
      where id = ${trackId} and ${follow} and not location_set_by_hand
        and exists (select from room)
      returning location
    )
    select (select name from room) as room,
      case when exists (select from moved) then (select location from moved)
        else (select location from tracks where id = ${trackId}) end as location`.execute(trx);
  const row = rows[0];
  return { room: row?.room ?? null, location: row?.location ?? null };
}

export async function followSchedule(trx: Trx, trackId: number, room: string): Promise<void> {
  await trx
    .updateTable("tracks")
    .set({ location: room })
    .where("id", "=", trackId)
    .where("location_set_by_hand", "=", false)
    .execute();
}

export async function trackLocation(db: Queryable, trackId: number): Promise<string | null> {
  const { location } = await db
    .selectFrom("tracks")
    .select("location")
    .where("id", "=", trackId)
    .executeTakeFirstOrThrow();
  return location;
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

const TRACK_FIELDS = {
  etherpad: "etherpad",
  url: "url",
  color: "color",
  location: "location",
} as const;

/** Sets one field of every track of the event from a track → value map (absent: null). */
export async function setTracksField(
  trx: Trx,
  eventId: number,
  field: keyof typeof TRACK_FIELDS,
  values: Record<string, string>,
): Promise<void> {
  const json = JSON.stringify(values);
  await trx
    .updateTable("tracks")
    .set(TRACK_FIELDS[field], sql<string | null>`cast(${json} as jsonb) ->> tracks.name`)
    .where("event_id", "=", eventId)
    .execute();
}
