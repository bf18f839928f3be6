// Reads a schedule from pretalx's REST API, given the event's API URL
// (`https://pretalx.example.org/api/events/SLUG/`), recognised by its content: an object with
// `slug`, `date_from` and `timezone`. The confirmed submissions are read with their slots,
// rooms, speakers and track expanded, page after page: pretalx (2025.1 and later) pages with
// `page`, and each answer's `next` link is followed. A talk is keyed by its submission code
// (pretalx's API has no guid); a submission scheduled twice gives `CODE`, `CODE-2`, ….
import { createHash } from "node:crypto";
import { buildSchedule, type RawTalk } from "./build.js";
import { ScheduleFormatError } from "./schedule-error.js";
import type { TalkSchedule } from "../domain/talk-model.js";

/** Fetches one JSON document (the caller's fetch policy: safe-fetch.ts). */
export type FetchJson = (url: string) => Promise<unknown>;

/** Pages followed at most (a loop of `next` links ends here). */
export const MAX_PAGES = 200;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** True when `json` is a pretalx event as its API shows it. */
export function isPretalxEvent(json: unknown): boolean {
  return (
    isObject(json) &&
    typeof json.slug === "string" &&
    typeof json.date_from === "string" &&
    typeof json.timezone === "string"
  );
}

/** pretalx's translated strings are a string or { "en": "…", "de": "…" }. */
function i18n(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (!isObject(value)) return null;
  const texts = Object.values(value).filter((v): v is string => typeof v === "string");
  return (typeof value.en === "string" ? value.en : texts[0]) ?? null;
}

function str(parent: Json, key: string, at: string): string {
  const value = parent[key];
  if (typeof value !== "string" || value === "")
    throw new ScheduleFormatError(`${at}.${key}`, "must be a non-empty string");
  return value;
}

/** Every result of a paged list, following `next` links. */
export async function allPages(
  first: string,
  fetchJson: FetchJson,
): Promise<{ item: Json; at: string }[]> {
  const items: { item: Json; at: string }[] = [];
  const seen = new Set<string>();
  let url: string | null = first;
  for (let page = 1; url !== null; page++) {
    if (page > MAX_PAGES || seen.has(url))
      throw new ScheduleFormatError(
        `page ${page}`,
        `more than ${MAX_PAGES} pages, or a loop of next links`,
      );
    seen.add(url);
    const body = await fetchJson(url);
    if (!isObject(body) || !Array.isArray(body.results))
      throw new ScheduleFormatError(`page ${page}`, "is not a paged list (no results)");
    body.results.forEach((item, i) => {
      if (!isObject(item))
        throw new ScheduleFormatError(`page ${page} results[${i}]`, "must be an object");
      items.push({ item, at: `page ${page} results[${i}]` });
    });
    url = typeof body.next === "string" && body.next !== "" ? new URL(body.next, url).href : null;
  }
  return items;
}

export async function readPretalxApi(
  eventUrl: string,
  event: unknown,
  fetchJson: FetchJson,
): Promise<TalkSchedule> {
  if (!isObject(event) || !isPretalxEvent(event))
    throw new ScheduleFormatError("the event", "is not a pretalx event");
  const base = eventUrl.endsWith("/") ? eventUrl : `${eventUrl}/`;
  const submissions = await allPages(
    `${base}submissions/?state=confirmed&expand=slots,slots.room,speakers,track,submission_type&page=1`,
    fetchJson,
  );
  const talks: RawTalk[] = [];
  const tracks = new Map<string, string | null>();
  const rooms = new Set<string>();
  for (const { item, at } of submissions) {
    const code = str(item, "code", at);
    const track = isObject(item.track) ? i18n(item.track.name) : i18n(item.track);
    if (track !== null && isObject(item.track)) {
      tracks.set(track, typeof item.track.color === "string" ? item.track.color : null);
    }
    const slots = Array.isArray(item.slots) ? item.slots.filter(isObject) : [];
    slots.forEach((slot, n) => {
      const slotAt = `${at}.slots[${n}]`;
      if (typeof slot.start !== "string" || slot.start === "") return; // not on the schedule
      const room = isObject(slot.room) ? i18n(slot.room.name) : i18n(slot.room);
      if (room === null) throw new ScheduleFormatError(`${slotAt}.room`, "must name a room");
      rooms.add(room);
      const speakers = Array.isArray(item.speakers) ? item.speakers.filter(isObject) : [];
      talks.push({
        at: slotAt,
        guid: n === 0 ? code : `${code}-${n + 1}`,
        frabId: null,
        date: slot.start,
        start: null,
        duration: null,
        end: str(slot, "end", slotAt),
        room,
        day: null,
        title: str(item, "title", at),
        track,
        details: {
          subtitle: null,
          type: isObject(item.submission_type)
            ? i18n(item.submission_type.name)
            : i18n(item.submission_type),
          language: typeof item.content_locale === "string" ? item.content_locale : null,
          abstract: typeof item.abstract === "string" ? item.abstract : null,
          description: typeof item.description === "string" ? item.description : null,
          slug: null,
          url: `${new URL(base).origin}/${String(event.slug)}/talk/${code}/`,
          persons: speakers.map((s) => ({
            name: typeof s.name === "string" ? s.name : "",
            guid: null,
            id: null,
            code: typeof s.code === "string" ? s.code : null,
          })),
          links: [],
          doNotRecord: item.do_not_record === true,
        },
      });
    });
  }
  const title = i18n(event.name) ?? String(event.slug);
  const urls = isObject(event.urls) ? event.urls : {};
  return buildSchedule({
    // The API has no version: a digest of what was read stands for it (same content, same version).
    version: `pretalx-${createHash("sha256").update(JSON.stringify(submissions)).digest("hex").slice(0, 10)}`,
    conference: {
      title,
      acronym: String(event.slug),
      timeZone: String(event.timezone),
      timeZoneAt: "the event's timezone",
      start: String(event.date_from),
      end: typeof event.date_to === "string" ? event.date_to : String(event.date_from),
      timeslot: null,
      url: typeof urls.schedule === "string" ? urls.schedule : null,
      baseUrl: typeof urls.base === "string" ? urls.base : null,
    },
    days: null,
    rooms: [...rooms].map((name) => ({ name, guid: null, description: null })),
    tracks: [...tracks].map(([name, color]) => ({ name, color })),
    talks,
  });
}
