// The project's own JSON Schema for c3voc's schedule.json (the format pretalx and frab publish
// and Giggity, ConfClerk and Fahrplan read). Written for this project from the format as
// published schedules use it, not copied: it checks what the importer relies on, lets through
// what it ignores, and is what the export is validated against (test/schedule/export.test.ts).
// Lengths and counts follow the project's input rules.
import { COUNT_LIMITS, LENGTH_LIMITS } from "../domain/input-rules.js";

/** Most talks one schedule may hold. */
export const MAX_TALKS = 5000;

const DATE = "^\\d{4}-\\d{2}-\\d{2}$";
const INSTANT = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})$";
const CLOCK = "^\\d{1,2}:\\d{2}$";
const DURATION = "^\\d{1,3}:[0-5]\\d(:[0-5]\\d)?$";

const text = { type: "string", maxLength: LENGTH_LIMITS.text } as const;
const nullableText = { type: ["string", "null"], maxLength: 20_000 } as const;
const name = { type: "string", minLength: 1, maxLength: LENGTH_LIMITS.name } as const;
const url = { type: "string", maxLength: LENGTH_LIMITS.url } as const;

const person = {
  type: "object",
  properties: {
    name: text,
    public_name: text,
    guid: { type: "string", maxLength: 100 },
    id: { type: "integer" },
    code: { type: "string", maxLength: 100 },
  },
  anyOf: [{ required: ["name"] }, { required: ["public_name"] }],
} as const;

const link = {
  anyOf: [url, { type: "object", required: ["url"], properties: { url, title: text } }],
} as const;

const talk = {
  type: "object",
  required: ["guid", "date", "start", "duration", "room", "title"],
  properties: {
    guid: { type: "string", minLength: 1, maxLength: 100 },
    id: { type: "integer", minimum: 1 },
    date: { type: "string", pattern: INSTANT },
    start: { type: "string", pattern: CLOCK },
    duration: { type: "string", pattern: DURATION },
    room: name,
    slug: { type: ["string", "null"], maxLength: 200 },
    url: { type: ["string", "null"], maxLength: LENGTH_LIMITS.url },
    title: { type: "string", minLength: 1, maxLength: 500 },
    subtitle: nullableText,
    track: { type: ["string", "null"], maxLength: LENGTH_LIMITS.name },
    type: { type: ["string", "null"], maxLength: 100 },
    language: { type: ["string", "null"], maxLength: 20 },
    abstract: nullableText,
    description: nullableText,
    do_not_record: { type: ["boolean", "string", "null"] },
    persons: { type: "array", maxItems: 100, items: person },
    links: { type: "array", maxItems: 100, items: link },
  },
} as const;

export const c3vocSchema = {
  $id: "https://ptg-matrix.invalid/schedule.schema.json",
  title: "A conference schedule in c3voc's schedule.json format",
  type: "object",
  required: ["schedule"],
  properties: {
    $schema: { type: "string" },
    generator: { type: "object" },
    schedule: {
      type: "object",
      required: ["version", "conference"],
      properties: {
        version: { type: "string", minLength: 1, maxLength: 200 },
        base_url: url,
        url,
        conference: {
          type: "object",
          required: ["title", "acronym", "start", "end", "days", "time_zone_name"],
          properties: {
            title: { type: "string", minLength: 1, maxLength: LENGTH_LIMITS.name },
            acronym: { type: "string", minLength: 1, maxLength: LENGTH_LIMITS.slug },
            start: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}" },
            end: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}" },
            daysCount: { type: "integer", minimum: 0 },
            timeslot_duration: { type: "string", pattern: DURATION },
            time_zone_name: { type: "string", minLength: 1, maxLength: 64 },
            url,
            tracks: {
              type: "array",
              maxItems: COUNT_LIMITS.tracks,
              items: {
                type: "object",
                required: ["name"],
                properties: { name, color: { type: ["string", "null"], maxLength: 64 } },
              },
            },
            rooms: {
              type: "array",
              maxItems: COUNT_LIMITS.rooms,
              items: {
                type: "object",
                required: ["name"],
                properties: {
                  name,
                  guid: { type: "string", maxLength: 100 },
                  description: nullableText,
                },
              },
            },
            days: {
              type: "array",
              maxItems: 60,
              items: {
                type: "object",
                required: ["index", "date", "day_start", "day_end", "rooms"],
                properties: {
                  index: { type: "integer" },
                  date: { type: "string", pattern: DATE },
                  day_start: { type: "string", pattern: INSTANT },
                  day_end: { type: "string", pattern: INSTANT },
                  rooms: {
                    type: "object",
                    maxProperties: COUNT_LIMITS.rooms,
                    additionalProperties: { type: "array", maxItems: MAX_TALKS, items: talk },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
