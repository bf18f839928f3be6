// From what a talk schedule's document says (c3voc.ts, frab.ts and pretalx-api.ts each read
// their format into RawSchedule) to the checked neutral schedule (talk-model.ts). The checks
// every format shares live here, each naming the position at fault: the time zone is one
// Intl knows, times carry an offset, a talk's start agrees with its date, no talk ends before
// it starts, every guid appears once, and every talk's room is a room of the schedule.
import { canonicalTimeZone } from "../domain/venue-time.js";
import { ScheduleFormatError } from "./schedule-error.js";
import {
  TRACK_LINK_TITLES,
  type Talk,
  type TalkDetails,
  type TalkRoom,
  type TalkSchedule,
  type TalkTrack,
} from "../domain/talk-model.js";
import { conferenceDay, derivedDay, parseDuration, parseInstant, wallClock } from "./wall-clock.js";

export interface RawTalk {
  /** Where the talk is in the document, for messages. */
  at: string;
  guid: string;
  frabId: number | null;
  /** ISO 8601 start with offset. */
  date: string;
  /** "HH:MM" at the venue, when the format repeats it (checked against `date`). */
  start: string | null;
  /** "HH:MM", when the format gives a duration. */
  duration: string | null;
  /** ISO 8601 end with offset, when the format gives an end instead. */
  end: string | null;
  room: string;
  /** The date of the day the document lists the talk under, if it does. */
  day: string | null;
  title: string;
  track: string | null;
  details: TalkDetails;
}

export interface RawSchedule {
  version: string;
  conference: {
    title: string;
    acronym: string;
    timeZone: string;
    /** Where the time zone is in the document. */
    timeZoneAt: string;
    start: string;
    end: string;
    timeslot: string | null;
    url: string | null;
    baseUrl: string | null;
  };
  /** The document's days, when it lists them; otherwise derived from the talks. */
  days: { index: number; date: string; dayStart: string; dayEnd: string }[] | null;
  rooms: TalkRoom[];
  tracks: TalkTrack[];
  talks: RawTalk[];
}

function talkTimes(raw: RawTalk, zone: string): { startsAt: Date; minutes: number } {
  const startsAt = parseInstant(raw.date);
  if (startsAt === null) {
    throw new ScheduleFormatError(
      `${raw.at}.date`,
      `${JSON.stringify(raw.date.slice(0, 40))} is not a date-time with an offset`,
    );
  }
  if (raw.start !== null) {
    const shown = wallClock(startsAt, zone).time;
    const [h, m] = raw.start.split(":");
    const start = `${(h ?? "").padStart(2, "0")}:${m ?? ""}`;
    if (start !== shown) {
      throw new ScheduleFormatError(
        `${raw.at}.start`,
        `${raw.start} does not match the talk's date (${shown} at the venue)`,
      );
    }
  }
  let minutes: number | null;
  if (raw.end !== null) {
    const end = parseInstant(raw.end);
    if (end === null) {
      throw new ScheduleFormatError(
        `${raw.at}.end`,
        `${JSON.stringify(raw.end.slice(0, 40))} is not a date-time with an offset`,
      );
    }
    minutes = Math.round((end.getTime() - startsAt.getTime()) / 60_000);
  } else {
    minutes = raw.duration === null ? null : parseDuration(raw.duration);
    if (minutes === null) {
      throw new ScheduleFormatError(
        `${raw.at}.duration`,
        `${JSON.stringify((raw.duration ?? "").slice(0, 20))} is not a duration (HH:MM)`,
      );
    }
  }
  if (minutes < 0) throw new ScheduleFormatError(raw.at, "the talk ends before it starts");
  return { startsAt, minutes };
}

const blank = (v: string | null): string | null => (v === null || v.trim() === "" ? null : v);

/** Empty texts are absent ones, whatever the format wrote. */
const normalized = (d: TalkDetails): TalkDetails => ({
  ...d,
  subtitle: blank(d.subtitle),
  type: blank(d.type),
  language: blank(d.language),
  abstract: blank(d.abstract),
  description: blank(d.description),
  slug: blank(d.slug),
  url: blank(d.url),
  links: d.links.filter((l) => !DERIVED_TITLES.has(l.title)),
});

const DERIVED_TITLES = new Set<string>(Object.values(TRACK_LINK_TITLES));

export function buildSchedule(raw: RawSchedule): TalkSchedule {
  const zone = canonicalTimeZone(raw.conference.timeZone);
  if (zone === null) {
    throw new ScheduleFormatError(
      raw.conference.timeZoneAt,
      `unknown time zone ${JSON.stringify(raw.conference.timeZone.slice(0, 64))}`,
    );
  }
  const rooms = new Set(raw.rooms.map((r) => r.name));
  const extraRooms: TalkRoom[] = [];
  const seen = new Map<string, string>();
  const talks: Talk[] = raw.talks.map((t) => {
    const first = seen.get(t.guid);
    if (first !== undefined) {
      throw new ScheduleFormatError(
        `${t.at}.guid`,
        `guid ${JSON.stringify(t.guid.slice(0, 64))} appears twice (first at ${first})`,
      );
    }
    seen.set(t.guid, t.at);
    const { startsAt, minutes } = talkTimes(t, zone);
    if (!rooms.has(t.room)) {
      rooms.add(t.room);
      extraRooms.push({ name: t.room, guid: null, description: null });
    }
    return {
      guid: t.guid,
      frabId: t.frabId,
      room: t.room,
      startsAt,
      durationMinutes: minutes,
      day: t.day ?? conferenceDay(startsAt, zone),
      title: t.title,
      track: t.track === "" ? null : t.track,
      details: normalized(t.details),
    };
  });
  const dates = [...new Set(talks.map((t) => t.day))].sort();
  const days = raw.days ?? dates.map((date, index) => derivedDay(date, index, zone));
  const trackNames = new Set(raw.tracks.map((t) => t.name));
  const tracks = [...raw.tracks];
  for (const talk of talks) {
    if (talk.track !== null && !trackNames.has(talk.track)) {
      trackNames.add(talk.track);
      tracks.push({ name: talk.track, color: null });
    }
  }
  return {
    version: raw.version,
    conference: {
      title: raw.conference.title,
      acronym: raw.conference.acronym,
      timeZone: zone,
      start: raw.conference.start.slice(0, 10),
      end: raw.conference.end.slice(0, 10),
      timeslotMinutes: parseDuration(raw.conference.timeslot ?? "") ?? 5,
      url: raw.conference.url,
      baseUrl: raw.conference.baseUrl,
    },
    days,
    rooms: [...raw.rooms, ...extraRooms],
    tracks,
    talks,
  };
}
