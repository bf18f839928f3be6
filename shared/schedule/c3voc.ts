// Reads c3voc's schedule.json (what pretalx and frab publish at /schedule.json) into a
// RawSchedule: checked against the project's schema (c3voc-schema.ts) with ajv, then mapped.
// Recognised by content (detect-format.ts): an object with `schedule.conference`.
import { Ajv, type ValidateFunction } from "ajv";
import { readablePath } from "./json-path.js";
import { buildSchedule, type RawSchedule, type RawTalk } from "./build.js";
import { c3vocSchema } from "./c3voc-schema.js";
import { ScheduleFormatError } from "./schedule-error.js";
import type { TalkLink, TalkPerson, TalkSchedule } from "../domain/talk-model.js";

let compiled: ValidateFunction<JsonSchedule> | undefined;

/** The schema's validator, compiled on first use (not at start: most runs never read one). */
export function validateC3voc(): ValidateFunction<JsonSchedule> {
  compiled ??= new Ajv({ allowUnionTypes: true }).compile<JsonSchedule>(c3vocSchema);
  return compiled;
}

/** True when `json` looks like a c3voc schedule.json (whether or not it is a valid one). */
export function isC3voc(json: unknown): boolean {
  if (typeof json !== "object" || json === null || !("schedule" in json)) return false;
  const schedule = json.schedule;
  return typeof schedule === "object" && schedule !== null && "conference" in schedule;
}

interface JsonPerson {
  name?: string;
  public_name?: string;
  guid?: string;
  id?: number;
  code?: string;
}
interface JsonTalk {
  guid: string;
  id?: number;
  date: string;
  start: string;
  duration: string;
  room: string;
  slug?: string | null;
  url?: string | null;
  title: string;
  subtitle?: string | null;
  track?: string | null;
  type?: string | null;
  language?: string | null;
  abstract?: string | null;
  description?: string | null;
  do_not_record?: boolean | string | null;
  persons?: JsonPerson[];
  links?: (string | { url: string; title?: string })[];
}
interface JsonDay {
  index: number;
  date: string;
  day_start: string;
  day_end: string;
  rooms: Record<string, JsonTalk[]>;
}
interface JsonSchedule {
  schedule: {
    version: string;
    base_url?: string;
    url?: string;
    conference: {
      title: string;
      acronym: string;
      start: string;
      end: string;
      timeslot_duration?: string;
      time_zone_name: string;
      url?: string;
      tracks?: { name: string; color?: string | null }[];
      rooms?: { name: string; guid?: string; description?: string | null }[];
      days: JsonDay[];
    };
  };
}

/** A validated document as a schedule; throws ScheduleFormatError naming the position. */
export function parseC3voc(json: unknown): TalkSchedule {
  const validate = validateC3voc();
  if (!validate(json)) {
    const error = validate.errors?.[0];
    const at = readablePath(error?.instancePath ?? "");
    throw new ScheduleFormatError(
      at === "" ? "the document" : at,
      error?.message ?? "is not a schedule",
    );
  }
  return buildSchedule(rawOf(json));
}

const person = (p: JsonPerson): TalkPerson => ({
  name: p.name ?? p.public_name ?? "",
  guid: p.guid ?? null,
  id: p.id ?? null,
  code: p.code ?? null,
});

const link = (l: string | { url: string; title?: string }): TalkLink =>
  typeof l === "string" ? { url: l, title: l } : { url: l.url, title: l.title ?? l.url };

function rawOf({ schedule }: JsonSchedule): RawSchedule {
  const c = schedule.conference;
  const talks: RawTalk[] = [];
  c.days.forEach((day, d) => {
    for (const [room, list] of Object.entries(day.rooms)) {
      list.forEach((t, i) => {
        talks.push({
          at: `schedule.conference.days[${d}].rooms${readablePath(`/${room}`).replace(/^(?!\[)/, ".")}[${i}]`,
          guid: t.guid,
          frabId: t.id ?? null,
          date: t.date,
          start: t.start,
          duration: t.duration,
          end: null,
          room: t.room,
          day: day.date,
          title: t.title,
          track: t.track ?? null,
          details: {
            subtitle: t.subtitle ?? null,
            type: t.type ?? null,
            language: t.language ?? null,
            abstract: t.abstract ?? null,
            description: t.description ?? null,
            slug: t.slug ?? null,
            url: t.url ?? null,
            persons: (t.persons ?? []).map(person),
            links: (t.links ?? []).map(link),
            doNotRecord: t.do_not_record === true || t.do_not_record === "true",
          },
        });
      });
    }
  });
  return {
    version: schedule.version,
    conference: {
      title: c.title,
      acronym: c.acronym,
      timeZone: c.time_zone_name,
      timeZoneAt: "schedule.conference.time_zone_name",
      start: c.start,
      end: c.end,
      timeslot: c.timeslot_duration ?? null,
      url: c.url ?? schedule.url ?? null,
      baseUrl: schedule.base_url ?? null,
    },
    days: c.days.map((d) => ({
      index: d.index,
      date: d.date,
      dayStart: d.day_start,
      dayEnd: d.day_end,
    })),
    rooms: (c.rooms ?? []).map((r) => ({
      name: r.name,
      guid: r.guid ?? null,
      description: r.description ?? null,
    })),
    tracks: (c.tracks ?? []).map((t) => ({ name: t.name, color: t.color ?? null })),
    talks,
  };
}
