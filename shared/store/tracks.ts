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

/** The weekday name ("Monday") of a time, in the server's time zone. */
export function dayName(now: Date): string {
  return weekdayName(now);
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
