// Writes a talk schedule as frab's schedule.xml (GET /events/SLUG/schedule.xml) with
// fast-xml-parser's builder: <conference>, then <day>s of <room>s of <event>s with their venue
// date, start, duration, track, persons and links. frab.ts reads it back to the same schedule.
import XmlBuilder from "fast-xml-builder";
import type { Talk, TalkSchedule } from "../domain/talk-model.js";
import { formatDuration, wallClock } from "./wall-clock.js";

const builder = new XmlBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  format: true,
  suppressEmptyNode: true,
  processEntities: true,
});

const orEmpty = (v: string | null): string => v ?? "";

function eventXml(t: Talk, zone: string) {
  const clock = wallClock(t.startsAt, zone);
  return {
    "@guid": t.guid,
    ...(t.frabId === null ? {} : { "@id": t.frabId }),
    date: clock.iso,
    start: clock.time,
    duration: formatDuration(t.durationMinutes),
    room: t.room,
    slug: orEmpty(t.details.slug),
    url: orEmpty(t.details.url),
    title: t.title,
    subtitle: orEmpty(t.details.subtitle),
    track: orEmpty(t.track),
    type: orEmpty(t.details.type),
    language: orEmpty(t.details.language),
    abstract: orEmpty(t.details.abstract),
    description: orEmpty(t.details.description),
    recording: { optout: t.details.doNotRecord ? "true" : "false" },
    persons: {
      person: t.details.persons.map((p) => ({
        ...(p.id === null ? {} : { "@id": p.id }),
        ...(p.guid === null ? {} : { "@guid": p.guid }),
        ...(p.code === null ? {} : { "@code": p.code }),
        "#text": p.name,
      })),
    },
    links: { link: t.details.links.map((l) => ({ "@href": l.url, "#text": l.title })) },
  };
}

export function toFrabXml(s: TalkSchedule): string {
  const zone = s.conference.timeZone;
  const doc = {
    schedule: {
      generator: { "@name": "ptg-matrix", "@version": "0.1.0" },
      version: s.version,
      conference: {
        acronym: s.conference.acronym,
        title: s.conference.title,
        start: s.conference.start,
        end: s.conference.end,
        days: s.days.length,
        timeslot_duration: formatDuration(s.conference.timeslotMinutes),
        time_zone_name: zone,
        ...(s.conference.url === null ? {} : { url: s.conference.url }),
        ...(s.conference.baseUrl === null ? {} : { base_url: s.conference.baseUrl }),
        track: s.tracks.map((t) => ({
          "@name": t.name,
          ...(t.color === null ? {} : { "@color": t.color }),
        })),
      },
      day: s.days.map((day) => ({
        "@index": day.index,
        "@date": day.date,
        "@start": day.dayStart,
        "@end": day.dayEnd,
        room: s.rooms.map((room) => ({
          "@name": room.name,
          ...(room.guid === null ? {} : { "@guid": room.guid }),
          event: s.talks
            .filter((t) => t.day === day.date && t.room === room.name)
            .map((t) => eventXml(t, zone)),
        })),
      })),
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(doc)}`;
}
