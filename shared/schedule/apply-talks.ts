// Applies a talk schedule (talk-model.ts) to an event in the caller's transaction (which holds
// the event's lock), as one change: the schedule's rooms become the event's rooms (PTGbot's
// grid of slots is emptied: the talks are not squeezed into it), its tracks are created as
// needed (with their colour), the venue's time zone is the conference's, and talks are
// matched by guid: new ones added, changed ones updated, missing ones removed. A talk whose
// time, room or link changed gets a higher sequence (its calendar entry's SEQUENCE).
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { COUNT_LIMITS, countProblem } from "../domain/input-rules.js";
import { setTrackColor, addTracks, eventTracks } from "../store/tracks.js";
import { setFirstDay, setTimeZone } from "../store/venue-time.js";
import {
  deleteTalks,
  eventTalks,
  insertTalks,
  saveSchedule,
  storedSchedule,
  updateTalk,
  type NewTalk,
  type StoredTalk,
} from "../store/talks.js";
import { applySchedule, ScheduleConflict } from "./apply.js";
import { ScheduleFormatError } from "./schedule-error.js";
import type { TalkFormat, TalkSchedule } from "../domain/talk-model.js";
import { trackKey } from "./track-key.js";

/** A talk as followers hear of it: where and when, before and after. */
export interface TalkPlace {
  room: string;
  startsAt: Date;
  durationMinutes: number;
  url: string | null;
}

export interface TalkChange {
  guid: string;
  title: string;
  trackId: number | null;
  before: TalkPlace | null;
  after: TalkPlace | null;
}

export interface TalkImportSummary {
  format: TalkFormat;
  added: number;
  changed: number;
  removed: number;
  fromVersion: string | null;
  toVersion: string;
  /** Talks added, removed, or whose time, room or link changed. */
  changes: TalkChange[];
}

const place = (t: NewTalk | StoredTalk): TalkPlace => ({
  room: t.room,
  startsAt: t.startsAt,
  durationMinutes: t.durationMinutes,
  url: t.details.url,
});

const samePlace = (a: TalkPlace, b: TalkPlace): boolean =>
  a.room === b.room &&
  a.startsAt.getTime() === b.startsAt.getTime() &&
  a.durationMinutes === b.durationMinutes &&
  a.url === b.url;

const sameTalk = (a: StoredTalk, b: NewTalk): boolean =>
  samePlace(place(a), place(b)) &&
  a.frabId === b.frabId &&
  a.day === b.day &&
  a.title === b.title &&
  a.trackTitle === b.trackTitle &&
  a.trackId === b.trackId &&
  canonical(a.details) === canonical(b.details);

/** JSON with keys sorted: the database's jsonb does not keep key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export async function applyTalkSchedule(
  trx: Transaction<Database>,
  eventId: number,
  schedule: TalkSchedule,
  format: TalkFormat,
): Promise<TalkImportSummary> {
  // ---- tracks: the schedule's titles, as PTG track names ----
  const existing = await eventTracks(trx, eventId);
  const known = new Set(existing.map((t) => t.name));
  const keys = new Map(schedule.tracks.map((t) => [t.name, trackKey(t.name)]));
  const missing = [...new Set(keys.values())].filter((k) => !known.has(k)).sort();
  const tooMany = countProblem("tracks", known.size + missing.length);
  if (tooMany !== null) throw new ScheduleFormatError("schedule", tooMany);
  const roomsProblem = countProblem("rooms", schedule.rooms.length);
  if (roomsProblem !== null) throw new ScheduleFormatError("schedule", roomsProblem);
  await addTracks(trx, eventId, missing);
  const trackIds = new Map((await eventTracks(trx, eventId)).map((t) => [t.name, t.id]));
  for (const track of schedule.tracks) {
    const id = trackIds.get(trackKey(track.name));
    if (track.color !== null && id !== undefined) await setTrackColor(trx, id, track.color);
  }

  // ---- rooms (the grid's slots go) and venue time ----
  try {
    await applySchedule(
      trx,
      eventId,
      {
        days: [],
        rooms: schedule.rooms.map((r) => ({
          name: r.name,
          description: r.description,
          capabilityIcon: null,
          capabilityDescription: null,
          meetingUrl: null,
          offers: [],
        })),
      },
      { maxTracks: COUNT_LIMITS.tracks },
    );
  } catch (error) {
    if (error instanceof ScheduleConflict) throw new ScheduleFormatError("schedule", error.message);
    throw error;
  }
  await setTimeZone(trx, eventId, schedule.conference.timeZone);
  await setFirstDay(trx, eventId, schedule.conference.start);

  // ---- talks, by guid ----
  const before = new Map((await eventTalks(trx, eventId)).map((t) => [t.guid, t]));
  const inserts: NewTalk[] = [];
  const changes: TalkChange[] = [];
  let changedCount = 0;
  for (const talk of schedule.talks) {
    const next: NewTalk = {
      guid: talk.guid,
      frabId: talk.frabId,
      room: talk.room,
      startsAt: talk.startsAt,
      durationMinutes: talk.durationMinutes,
      day: talk.day,
      title: talk.title,
      trackTitle: talk.track,
      trackId: talk.track === null ? null : (trackIds.get(trackKey(talk.track)) ?? null),
      details: talk.details,
    };
    const old = before.get(talk.guid);
    before.delete(talk.guid);
    if (old === undefined) {
      inserts.push(next);
      changes.push({
        guid: talk.guid,
        title: talk.title,
        trackId: next.trackId,
        before: null,
        after: place(next),
      });
    } else if (!sameTalk(old, next)) {
      changedCount++;
      const moved = !samePlace(place(old), place(next));
      if (moved) {
        changes.push({
          guid: talk.guid,
          title: talk.title,
          trackId: next.trackId,
          before: place(old),
          after: place(next),
        });
      }
      await updateTalk(trx, old.id, eventId, { ...next, sequence: old.sequence + (moved ? 1 : 0) });
    }
  }
  await insertTalks(trx, eventId, inserts);
  const gone = [...before.values()];
  await deleteTalks(
    trx,
    gone.map((t) => t.id),
  );
  for (const t of gone) {
    changes.push({
      guid: t.guid,
      title: t.title,
      trackId: t.trackId,
      before: place(t),
      after: null,
    });
  }

  const previous = await storedSchedule(trx, eventId);
  await saveSchedule(trx, eventId, {
    format,
    version: schedule.version,
    title: schedule.conference.title,
    acronym: schedule.conference.acronym,
    url: schedule.conference.url,
    baseUrl: schedule.conference.baseUrl,
    startDate: schedule.conference.start,
    endDate: schedule.conference.end,
    timeslotMinutes: schedule.conference.timeslotMinutes,
    days: schedule.days,
    rooms: schedule.rooms,
    tracks: schedule.tracks,
  });
  return {
    format,
    added: inserts.length,
    changed: changedCount,
    removed: gone.length,
    fromVersion: previous?.version ?? null,
    toVersion: schedule.version,
    changes,
  };
}

/** `Imported into SLUG: 3 added, 1 changed, 0 removed (version 1.0 → 1.1)` */
export function describeTalkImport(summary: TalkImportSummary, slug: string): string {
  const from = summary.fromVersion ?? "none";
  return (
    `Imported into ${slug}: ${summary.added} added, ${summary.changed} changed, ` +
    `${summary.removed} removed (version ${from} → ${summary.toVersion})`
  );
}
