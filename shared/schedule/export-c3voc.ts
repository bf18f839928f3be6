// Writes a talk schedule as c3voc's schedule.json (GET /events/SLUG/schedule.json, and what
// `ptg import URL` hands the import operation for a pretalx API source). Talks are listed under
// their day and room, with their venue-time date, start and duration; the output validates
// against the project's schema (c3voc-schema.ts) and imports back to the same schedule.
import type { Talk, TalkSchedule } from "../domain/talk-model.js";
import { formatDuration, wallClock } from "./wall-clock.js";

export const GENERATOR = { name: "ptg-matrix", version: "0.1.0" } as const;

function talkJson(t: Talk, zone: string) {
  const clock = wallClock(t.startsAt, zone);
  return {
    guid: t.guid,
    ...(t.frabId === null ? {} : { id: t.frabId }),
    date: clock.iso,
    start: clock.time,
    duration: formatDuration(t.durationMinutes),
    room: t.room,
    slug: t.details.slug,
    url: t.details.url,
    title: t.title,
    subtitle: t.details.subtitle,
    track: t.track,
    type: t.details.type,
    language: t.details.language,
    abstract: t.details.abstract,
    description: t.details.description,
    do_not_record: t.details.doNotRecord,
    persons: t.details.persons.map((p) => ({
      name: p.name,
      ...(p.guid === null ? {} : { guid: p.guid }),
      ...(p.id === null ? {} : { id: p.id }),
      ...(p.code === null ? {} : { code: p.code }),
    })),
    links: t.details.links.map((l) => ({ url: l.url, title: l.title })),
  };
}

export function toC3voc(s: TalkSchedule) {
  const zone = s.conference.timeZone;
  const days = s.days.map((day) => {
    const rooms: Record<string, ReturnType<typeof talkJson>[]> = {};
    for (const room of s.rooms) rooms[room.name] = [];
    for (const talk of s.talks) {
      if (talk.day !== day.date) continue;
      (rooms[talk.room] ??= []).push(talkJson(talk, zone));
    }
    return {
      index: day.index,
      date: day.date,
      day_start: day.dayStart,
      day_end: day.dayEnd,
      rooms,
    };
  });
  return {
    $schema: "https://c3voc.de/schedule/schema.json",
    generator: GENERATOR,
    schedule: {
      version: s.version,
      ...(s.conference.baseUrl === null ? {} : { base_url: s.conference.baseUrl }),
      conference: {
        acronym: s.conference.acronym,
        title: s.conference.title,
        start: s.conference.start,
        end: s.conference.end,
        daysCount: s.days.length,
        timeslot_duration: formatDuration(s.conference.timeslotMinutes),
        time_zone_name: zone,
        ...(s.conference.url === null ? {} : { url: s.conference.url }),
        tracks: s.tracks.map((t) => ({ name: t.name, color: t.color })),
        rooms: s.rooms.map((r) => ({
          name: r.name,
          ...(r.guid === null ? {} : { guid: r.guid }),
          description: r.description,
        })),
        days,
      },
    },
  };
}
