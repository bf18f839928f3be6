// Checks an untrusted PTGbot document (parsed JSON from a URL, a file or an HTTP body) and
// returns it in normalized form (track names lower-cased). Anything odd is refused with a
// one-line message that names where it is, e.g. `schedule["Aspen"].FriA1 must be a string`.
// Counts are checked before contents, so a huge document is refused without walking it.
// Lengths, counts and characters are those of the input rules (shared/domain/input-rules.ts),
// the same as chat's, so that whatever chat accepts can be imported, and the other way round.
import { BANNER_LEVELS, type BannerLevel } from "../api/banner-levels.js";
import { COUNT_LIMITS as LIMITS, fieldProblem, type Field } from "../domain/input-rules.js";
import { compilePattern } from "../domain/patterns.js";
import { MAX_TRACK_NAME_LENGTH } from "../domain/validate.js";
import { parseUserId } from "../matrix/user-id.js";
import {
  ROOM_FIELDS,
  type PtgbotBanner,
  type PtgbotCheckIn,
  type PtgbotDocument,
  type PtgbotRoom,
  type PtgbotSlot,
} from "./format.js";

/** A document (or the way to it) that cannot be loaded. The message is one line. */
export class PtgbotImportError extends Error {
  override name = "PtgbotImportError";
}

function fail(path: string, problem: string): never {
  throw new PtgbotImportError(`${path} ${problem}`);
}

// ---- paths in messages ----

const shown = (value: string): string => {
  const quoted = JSON.stringify(value);
  return quoted.length > 60 ? `${quoted.slice(0, 56)}…"` : quoted;
};
/** A fixed or slot-code key: `.FriA1`, or `["odd key"]`. */
const member = (path: string, key: string): string =>
  /^[A-Za-z_$][\w$]{0,59}$/.test(key) ? `${path}.${key}` : `${path}[${shown(key)}]`;
/** A key that names something (room, day, track, nick, label): always `["…"]`. */
const entry = (path: string, key: string): string => `${path}[${shown(key)}]`;

// ---- primitives ----

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectEntries(value: unknown, path: string, max: number, what: string) {
  if (!isObject(value)) fail(path, "must be an object");
  const keys = Object.keys(value);
  if (keys.length > max) fail(path, `has ${keys.length} ${what} (at most ${max})`);
  return keys.map((key): [string, unknown] => [key, value[key]]);
}

function arrayOf(value: unknown, path: string, max: number, what: string): unknown[] {
  if (!Array.isArray(value)) fail(path, "must be an array");
  const items: unknown[] = value;
  if (items.length > max) fail(path, `has ${items.length} ${what} (at most ${max})`);
  return items;
}

function string(value: unknown, path: string): string {
  if (typeof value !== "string") fail(path, "must be a string");
  return value;
}

/** Holds a string to its field's rule (input-rules.ts); the message names it by its path. */
function checked(field: Field, s: string, path: string): string {
  const problem = fieldProblem(field, s);
  if (problem !== null) fail(path, problem);
  return s;
}

/**
 * Free text (topics, banners, descriptions, places): the field's rule, except that it may be
 * empty (PTGbot writes "" for none).
 */
function text(field: Field, value: unknown, path: string): string {
  const s = string(value, path);
  return s === "" ? s : checked(field, s, path);
}

const name = (field: Field, value: unknown, path: string): string =>
  checked(field, string(value, path), path);

const url = (value: unknown, path: string): string => checked("url", string(value, path), path);

/** Lower-cases a track name and checks it. */
function trackName(raw: string, path: string): string {
  const lower = raw.toLowerCase();
  if (fieldProblem("trackName", lower) !== null) {
    fail(
      path,
      `is not a valid track name (${shown(raw.slice(0, 80))}: letters, digits, "-", "_" ` +
        `or "."; at most ${MAX_TRACK_NAME_LENGTH} characters)`,
    );
  }
  return lower;
}

/** Slot codes follow the last `-` in `#track book ROOM-SLOT`: no spaces, no `-`. */
function slotCode(raw: string, path: string): string {
  checked("slotCode", raw, path);
  if ((ROOM_FIELDS as readonly string[]).includes(raw)) {
    fail(path, `must not be ${shown(raw)}, which is a room field`);
  }
  return raw;
}

// ---- timestamps ----

const CHECK_IN_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The instant of a UTC wall-clock time, or null when a field is out of range. */
function utc(parts: (string | undefined)[], offsetMinutes = 0): Date | null {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0] = parts.map((p) => Number(p ?? "0"));
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  const sameDay =
    date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  if (!sameDay || h > 23 || mi > 59 || s > 59) return null;
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

/** Parses PTGbot's check-in time, `YYYY-MM-DD HH:MM:SS` (UTC); null when it is not one. */
export function parseCheckInTime(value: string): Date | null {
  const m = CHECK_IN_TIME.exec(value);
  return m === null ? null : utc(m.slice(1));
}

/**
 * Parses a slot's `realtime`: an ISO 8601 date or date-time, with `Z` or an offset (none
 * means UTC). Null when it is not one.
 */
export function parseRealtime(value: string): Date | null {
  const m = ISO_TIME.exec(value);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  let offset = 0;
  if (zone !== undefined && zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2));
    if (hours > 14 || minutes > 59) return null;
    offset = (zone.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
  }
  const ms = fraction === undefined ? undefined : fraction.padEnd(3, "0").slice(0, 3);
  return utc([y, mo, d, h, mi, s, ms], offset);
}

// ---- the document's parts ----

/** A map keyed by track name; keys are lower-cased, and two keys for one track are refused. */
function trackMap<T>(
  value: unknown,
  path: string,
  parse: (v: unknown, p: string) => T,
): Record<string, T> {
  const result = new Map<string, T>();
  const rawKeys = new Map<string, string>();
  for (const [raw, v] of objectEntries(value, path, LIMITS.tracks, "tracks")) {
    const p = entry(path, raw);
    const track = trackName(raw, p);
    const earlier = rawKeys.get(track);
    if (earlier !== undefined) fail(p, `names the same track as ${entry(path, earlier)}`);
    rawKeys.set(track, raw);
    result.set(track, parse(v, p));
  }
  return Object.fromEntries(result);
}

function parseLinks(value: unknown): Record<string, string> {
  const links = objectEntries(value, "links", LIMITS.links, "links");
  return Object.fromEntries(
    links.map(([label, v]) => {
      const p = entry("links", label);
      if (label.trim() === "") fail(p, "needs a label");
      checked("linkLabel", label, p);
      return [label, url(v, p)];
    }),
  );
}

function parseBanner(value: unknown, path: string): PtgbotBanner {
  if (!isObject(value)) fail(path, "must be an object with level and message");
  const level = string(value.level, `${path}.level`);
  if (!(BANNER_LEVELS as readonly string[]).includes(level)) {
    fail(`${path}.level`, `must be info, success, warning or danger (not ${shown(level)})`);
  }
  return {
    level: level as BannerLevel,
    message: text("banner", value.message, `${path}.message`),
  };
}

/** A list of banners; PTGbot's older single `{level, message}` (empty message: none) too. */
function parseMotd(value: unknown): PtgbotBanner[] {
  if (isObject(value)) {
    const banner = parseBanner(value, "motd");
    return banner.message === "" ? [] : [banner];
  }
  return arrayOf(value, "motd", LIMITS.banners, "banners").map((b, i) =>
    parseBanner(b, `motd[${i}]`),
  );
}

function parseCheckIns(value: unknown): Record<string, PtgbotCheckIn> {
  const entries = objectEntries(value, "last_check_in", LIMITS.checkIns, "check-ins");
  return Object.fromEntries(
    entries.map(([key, v]) => {
      const p = entry("last_check_in", key);
      if (!isObject(v)) fail(p, "must be an object with nick, location, in and out");
      const nick = name("nick", v.nick, `${p}.nick`);
      if (key !== nick.toLowerCase()) fail(p, `must be keyed by the nick in lower case`);
      const checkIn = string(v.in, `${p}.in`);
      if (parseCheckInTime(checkIn) === null) fail(`${p}.in`, "must be YYYY-MM-DD HH:MM:SS");
      const out = v.out === undefined || v.out === null ? null : string(v.out, `${p}.out`);
      if (out !== null && parseCheckInTime(out) === null) {
        fail(`${p}.out`, "must be YYYY-MM-DD HH:MM:SS or null");
      }
      const location = text("checkInLocation", v.location, `${p}.location`);
      return [key, { nick, location, in: checkIn, out }];
    }),
  );
}

function parseSubscriptions(value: unknown): Record<string, string> {
  const entries = objectEntries(value, "subscriptions", LIMITS.subscriptions, "subscriptions");
  const byPerson = new Map<string, string>();
  return Object.fromEntries(
    entries.map(([nick, v]) => {
      const p = entry("subscriptions", nick);
      checked("nick", nick, p);
      const earlier = byPerson.get(nick.toLowerCase());
      if (earlier !== undefined)
        fail(p, `is the same person as ${entry("subscriptions", earlier)}`);
      byPerson.set(nick.toLowerCase(), nick);
      const pattern = checked("subscriptionPattern", string(v, p), p);
      try {
        compilePattern(pattern);
      } catch (error) {
        // RE2 quotes the pattern with the case-insensitive flag it was compiled with.
        const why = (error instanceof Error ? error.message : String(error)).replace("`(?i)", "`");
        fail(p, `is not a valid pattern: ${why.replace(/\s+/g, " ").slice(0, 120)}`);
      }
      return [nick, pattern];
    }),
  );
}

function parseSlots(value: unknown): Record<string, PtgbotSlot[]> {
  const dayOf = new Map<string, string>(); // lower-cased code → day
  const days = objectEntries(value, "slots", LIMITS.days, "days");
  return Object.fromEntries(
    days.map(([day, v]) => {
      const dayPath = entry("slots", day);
      checked("dayName", day, dayPath);
      const slots = arrayOf(v, dayPath, LIMITS.slotsPerDay, "slots").map((s, i): PtgbotSlot => {
        const p = `${dayPath}[${i}]`;
        if (!isObject(s)) fail(p, "must be an object with name and desc");
        const code = slotCode(string(s.name, `${p}.name`), `${p}.name`);
        const other = dayOf.get(code.toLowerCase());
        if (other !== undefined)
          fail(`${p}.name`, `repeats the slot code ${shown(code)} of ${shown(other)}`);
        dayOf.set(code.toLowerCase(), day);
        const desc = checked("slotLabel", string(s.desc, `${p}.desc`), `${p}.desc`);
        if (s.realtime === undefined) return { name: code, desc };
        const realtime = string(s.realtime, `${p}.realtime`);
        if (parseRealtime(realtime) === null) {
          fail(`${p}.realtime`, "must be an ISO 8601 date-time (e.g. 2024-04-08T09:00:00Z)");
        }
        return { name: code, desc, realtime };
      });
      return [day, slots];
    }),
  );
}

function parseTracks(value: unknown): string[] {
  const names = arrayOf(value, "tracks", LIMITS.tracks, "tracks").map((v, i) =>
    trackName(string(v, `tracks[${i}]`), `tracks[${i}]`),
  );
  return [...new Set(names)];
}

const MAX_ROOM_KEYS = ROOM_FIELDS.length + LIMITS.days * LIMITS.slotsPerDay;

function parseRoom(value: unknown, path: string, slotCodes: Set<string> | null): PtgbotRoom {
  const room: [string, string][] = [];
  for (const [key, v] of objectEntries(value, path, MAX_ROOM_KEYS, "keys")) {
    const p = member(path, key);
    switch (key) {
      case "desc":
        room.push([key, text("roomDescription", v, p)]);
        break;
      case "cap_desc":
        room.push([key, text("capabilityDescription", v, p)]);
        break;
      case "cap_icon":
        room.push([key, checked("capabilityIcon", string(v, p), p)]);
        break;
      case "url":
        room.push([key, url(v, p)]);
        break;
      default: {
        if (slotCodes === null) slotCode(key, p);
        else if (!slotCodes.has(key)) fail(p, `is not a slot code of "slots"`);
        const track = string(v, p);
        room.push([key, track === "" ? "" : trackName(track, p)]);
      }
    }
  }
  return Object.fromEntries(room);
}

function parseSchedule(value: unknown, slots: Record<string, PtgbotSlot[]> | undefined) {
  const slotCodes =
    slots === undefined ? null : new Set(Object.values(slots).flatMap((s) => s.map((x) => x.name)));
  const byLowerName = new Map<string, string>();
  const rooms = objectEntries(value, "schedule", LIMITS.rooms, "rooms");
  return Object.fromEntries(
    rooms.map(([room, v]) => {
      const p = entry("schedule", room);
      checked("roomName", room, p);
      const earlier = byLowerName.get(room.toLowerCase());
      if (earlier !== undefined) fail(p, `differs from ${entry("schedule", earlier)} only in case`);
      byLowerName.set(room.toLowerCase(), room);
      return [room, parseRoom(v, p, slotCodes)];
    }),
  );
}

/** A track's leads: distinct Matrix user ids. */
function parseLeads(value: unknown, path: string): string[] {
  const ids = arrayOf(value, path, LIMITS.leadsPerTrack, "leads").map((v, i) => {
    const p = `${path}[${i}]`;
    const id = string(v, p);
    if (parseUserId(id) === null) fail(p, "must be a Matrix user id (@name:server)");
    return id;
  });
  return [...new Set(ids)];
}

// ---- the document ----

/**
 * Checks a parsed PTGbot document and returns it normalized (track names lower-cased, only
 * known keys). Unknown top-level keys (e.g. PTGbot's `timestamp`) are ignored. When `slots`
 * is present, every slot code in `schedule` must be one of them; when it is absent, slot
 * codes are only checked for shape here, and importPtgbot checks them against the event.
 * Throws PtgbotImportError.
 */
export function parsePtgbotDocument(input: unknown): PtgbotDocument {
  if (!isObject(input)) fail("the document", "must be a JSON object");
  const has = (key: keyof PtgbotDocument): boolean =>
    Object.hasOwn(input, key) && input[key] !== undefined;
  const doc: PtgbotDocument = {};
  // The event id is only compared with the event's (never stored): a name.
  if (has("eventid")) doc.eventid = name("eventName", input.eventid, "eventid");
  if (has("voice")) {
    if (input.voice !== 0 && input.voice !== 1) fail("voice", "must be 0 or 1");
    doc.voice = input.voice;
  }
  if (has("links")) doc.links = parseLinks(input.links);
  if (has("motd")) doc.motd = parseMotd(input.motd);
  if (has("now")) doc.now = trackMap(input.now, "now", (v, p) => text("topic", v, p));
  if (has("next")) {
    doc.next = trackMap(input.next, "next", (v, p) =>
      arrayOf(v, p, LIMITS.nextPerTrack, "topics").map((t, i) => text("topic", t, `${p}[${i}]`)),
    );
  }
  if (has("etherpads")) doc.etherpads = trackMap(input.etherpads, "etherpads", url);
  if (has("urls")) doc.urls = trackMap(input.urls, "urls", url);
  if (has("colors")) {
    doc.colors = trackMap(input.colors, "colors", (v, p) => checked("color", string(v, p), p));
  }
  if (has("location")) {
    doc.location = trackMap(input.location, "location", (v, p) => text("location", v, p));
  }
  if (has("last_check_in")) doc.last_check_in = parseCheckIns(input.last_check_in);
  if (has("subscriptions")) doc.subscriptions = parseSubscriptions(input.subscriptions);
  if (has("slots")) doc.slots = parseSlots(input.slots);
  if (has("tracks")) doc.tracks = parseTracks(input.tracks);
  if (has("schedule")) doc.schedule = parseSchedule(input.schedule, doc.slots);
  if (has("leads")) doc.leads = trackMap(input.leads, "leads", parseLeads);
  return doc;
}

/** Parses the bytes of a JSON document; `source` names it in messages. */
export function parseJsonBytes(bytes: Uint8Array, source: string): unknown {
  let textValue: string;
  try {
    textValue = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new PtgbotImportError(`${source} is not UTF-8 text`);
  }
  try {
    return JSON.parse(textValue) as unknown;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new PtgbotImportError(
      `${source} is not valid JSON (${why.replace(/\s+/g, " ").slice(0, 160)})`,
    );
  }
}
