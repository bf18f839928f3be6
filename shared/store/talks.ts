// Verbs for talks with real times (migrations/0060_talks): the talks of an event, keyed by
// guid, and what its imported schedule says about itself. Used by the talk importer
// (schedule/apply-talks.ts), the exports and the calendars.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Talk, TalkDay, TalkDetails, TalkRoom, TalkTrack } from "../domain/talk-model.js";
import type { Queryable } from "./events.js";

type Trx = Transaction<Database>;

/** A talk as stored: the schedule's track title, the PTG track it maps to, and its sequence. */
export interface StoredTalk extends Omit<Talk, "track"> {
  id: number;
  trackTitle: string | null;
  trackId: number | null;
  sequence: number;
}

export type NewTalk = Omit<StoredTalk, "id" | "sequence"> & { sequence?: number };

export interface StoredSchedule {
  format: string;
  version: string;
  title: string;
  acronym: string;
  url: string | null;
  baseUrl: string | null;
  startDate: string;
  endDate: string;
  timeslotMinutes: number;
  days: TalkDay[];
  rooms: TalkRoom[];
  tracks: TalkTrack[];
}

/** Rows per INSERT, well under PostgreSQL's parameter limit. */
const CHUNK = 1000;

export async function eventTalks(db: Queryable, eventId: number): Promise<StoredTalk[]> {
  const rows = await db
    .selectFrom("talks")
    .selectAll()
    .where("event_id", "=", eventId)
    .orderBy("starts_at")
    .orderBy("room")
    .orderBy("guid")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    guid: r.guid,
    frabId: r.frab_id,
    room: r.room,
    startsAt: new Date(r.starts_at),
    durationMinutes: r.duration_minutes,
    day: r.day,
    title: r.title,
    trackTitle: r.track_title,
    trackId: r.track_id,
    details: r.details as TalkDetails,
    sequence: r.sequence,
  }));
}

const columns = (eventId: number, t: NewTalk) => ({
  event_id: eventId,
  guid: t.guid,
  frab_id: t.frabId,
  room: t.room,
  starts_at: t.startsAt,
  duration_minutes: t.durationMinutes,
  day: t.day,
  title: t.title,
  track_title: t.trackTitle,
  track_id: t.trackId,
  details: JSON.stringify(t.details),
  ...(t.sequence === undefined ? {} : { sequence: t.sequence }),
});

export async function insertTalks(trx: Trx, eventId: number, talks: NewTalk[]): Promise<void> {
  for (let i = 0; i < talks.length; i += CHUNK) {
    await trx
      .insertInto("talks")
      .values(talks.slice(i, i + CHUNK).map((t) => columns(eventId, t)))
      .execute();
  }
}

export async function updateTalk(trx: Trx, id: number, eventId: number, talk: NewTalk) {
  await trx.updateTable("talks").set(columns(eventId, talk)).where("id", "=", id).execute();
}

export async function deleteTalks(trx: Trx, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await trx
      .deleteFrom("talks")
      .where("id", "in", ids.slice(i, i + CHUNK))
      .execute();
  }
}

export async function storedSchedule(
  db: Queryable,
  eventId: number,
): Promise<StoredSchedule | null> {
  const r = await db
    .selectFrom("talk_schedules")
    .selectAll()
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  if (r === undefined) return null;
  return {
    format: r.format,
    version: r.version,
    title: r.title,
    acronym: r.acronym,
    url: r.url,
    baseUrl: r.base_url,
    startDate: r.start_date,
    endDate: r.end_date,
    timeslotMinutes: r.timeslot_minutes,
    days: r.days as TalkDay[],
    rooms: r.rooms as TalkRoom[],
    tracks: r.tracks as TalkTrack[],
  };
}

export async function saveSchedule(trx: Trx, eventId: number, s: StoredSchedule): Promise<void> {
  const row = {
    format: s.format,
    version: s.version,
    title: s.title,
    acronym: s.acronym,
    url: s.url,
    base_url: s.baseUrl,
    start_date: s.startDate,
    end_date: s.endDate,
    timeslot_minutes: s.timeslotMinutes,
    days: JSON.stringify(s.days),
    rooms: JSON.stringify(s.rooms),
    tracks: JSON.stringify(s.tracks),
    imported_at: new Date(),
  };
  await trx
    .insertInto("talk_schedules")
    .values({ event_id: eventId, ...row })
    .onConflict((oc) => oc.column("event_id").doUpdateSet(row))
    .execute();
}
