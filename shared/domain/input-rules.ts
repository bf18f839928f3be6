// One set of rules for every piece of text a person can put into an event, wherever it comes
// from (chat commands, the console, HTTP actions, PTGbot imports): how long each field may be,
// how many of each thing an event may hold, and which characters are allowed. Whatever these
// rules accept can be stored by PostgreSQL and PGlite, exported, and imported back.
//
// - `cleanLine` turns what a person typed into one line: line breaks, tabs and other
//   separators become spaces, and the ends are trimmed. Chat and HTTP actions use it first.
// - `badCharacter` names what no field may hold: NUL and the other C0 controls, DEL, the C1
//   controls, and lone UTF-16 surrogates (which have no UTF-8 form). Importers use it as is
//   (a document is refused, never silently changed).
// - `checkField` applies a field's rule; `readField` cleans, then checks.
// - `excerpt` is how a reply may echo what someone typed: short, one line, printable.
// - `forCommandLog` is what the command log may keep of any incoming line.
// Pure and browser-safe (no Node imports); the field-specific checks come from validate.ts.
import {
  MAX_BANNERS,
  MAX_NEXT_TOPICS,
  MAX_TEXT_LENGTH,
  MAX_TRACK_NAME_LENGTH,
  MAX_URL_LENGTH,
  isCssColor,
  isHttpUrl,
  isTrackName,
} from "./validate.js";

/** Lengths, in UTF-16 code units (JavaScript's `length`, which the database limits follow). */
export const LENGTH_LIMITS = {
  /** Free text: topics, locations, banners, room descriptions, link labels, check-in places. */
  text: MAX_TEXT_LENGTH,
  /** Names: rooms, days, slot codes and labels, nicks, the event's display name. */
  name: 100,
  trackName: MAX_TRACK_NAME_LENGTH,
  url: MAX_URL_LENGTH,
  /** A subscription pattern (RE2 syntax). */
  pattern: 200,
  /** An event's slug (its address). */
  slug: 64,
  color: 64,
  icon: 100,
  /** A whole incoming chat line; longer lines are refused before they are parsed or logged. */
  line: 4096,
  /** What a reply may quote of user input (see excerpt). */
  excerpt: 64,
} as const;

/** How many of each thing an event may hold (chat and imports alike). */
export const COUNT_LIMITS = {
  tracks: 500,
  rooms: 200,
  days: 14,
  slotsPerDay: 20,
  links: 100,
  banners: MAX_BANNERS,
  nextPerTrack: MAX_NEXT_TOPICS,
  checkIns: 20_000,
  subscriptions: 20_000,
  leadsPerTrack: 20,
  openLeadRequests: 100,
} as const;

export type Countable = keyof typeof COUNT_LIMITS;

/** How each countable thing is named in a reply ("at most 500 tracks"). */
const COUNT_NOUNS: Record<Countable, string> = {
  tracks: "tracks",
  rooms: "rooms",
  days: "days",
  slotsPerDay: "slots a day",
  links: "links",
  banners: "banners",
  nextPerTrack: "topics coming next per track",
  checkIns: "check-ins",
  subscriptions: "subscriptions",
  leadsPerTrack: "leads per track",
  openLeadRequests: "open lead requests",
};

type Shape = "text" | "name" | "code" | "track" | "url" | "color" | "slug" | "icon" | "pattern";

export interface FieldRule {
  /** How a reply names the field. */
  label: string;
  maxLength: number;
  shape: Shape;
  /** May be the empty string (e.g. a slot without a label). */
  optional?: boolean;
}

const text = (label: string): FieldRule => ({
  label,
  maxLength: LENGTH_LIMITS.text,
  shape: "text",
});
const name = (label: string, optional = false): FieldRule => ({
  label,
  maxLength: LENGTH_LIMITS.name,
  shape: "name",
  optional,
});

/** Every text field of an event, with its rule. */
export const FIELDS = {
  topic: text("The topic"),
  location: text("The location"),
  banner: text("The banner"),
  roomDescription: text("The room description"),
  capabilityDescription: text("The room's capability description"),
  linkLabel: text("The link label"),
  checkInLocation: text("The place"),
  /** One line saying why someone asks to lead a track (the widget's lead sign-up). */
  leadRequest: { label: "The request", maxLength: 200, shape: "text" },
  eventName: name("The event name"),
  roomName: name("The room name"),
  dayName: name("The day name"),
  slotLabel: name("The slot label", true),
  nick: name("The nick"),
  slotCode: { label: "The slot code", maxLength: LENGTH_LIMITS.name, shape: "code" },
  trackName: { label: "The track name", maxLength: LENGTH_LIMITS.trackName, shape: "track" },
  url: { label: "The URL", maxLength: LENGTH_LIMITS.url, shape: "url" },
  color: { label: "The colour", maxLength: LENGTH_LIMITS.color, shape: "color" },
  eventSlug: { label: "The event id", maxLength: LENGTH_LIMITS.slug, shape: "slug" },
  capabilityIcon: { label: "The icon name", maxLength: LENGTH_LIMITS.icon, shape: "icon" },
  subscriptionPattern: {
    label: "The pattern",
    maxLength: LENGTH_LIMITS.pattern,
    shape: "pattern",
  },
} as const satisfies Record<string, FieldRule>;

export type Field = keyof typeof FIELDS;

export type FieldResult = { ok: true; value: string } | { ok: false; reason: string };

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Why a string cannot be stored anywhere, or null when it can: NUL and the other C0 controls
 * (tab, line breaks and all), DEL, the C1 controls, or a lone surrogate.
 */
export function badCharacter(value: string): string | null {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) return "must not contain a NUL character";
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return `must not contain control characters (${hex(c)})`;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
        return "must not contain broken Unicode (a lone surrogate)";
      }
      i++;
    }
  }
  return null;
}

/** Characters that separate lines or words, which one line of text shows as a space. */
const SEPARATORS = /\r\n|[\t\n\v\f\r\u0085\u2028\u2029]/g;

/**
 * What a person typed, as one line: tabs and line breaks (CR LF, CR, LF, VT, FF, NEL,
 * U+2028/9) become spaces and the ends are trimmed. Other control characters, NUL and lone surrogates
 * are left for badCharacter to refuse (with a reply that says so), never silently dropped.
 */
export function cleanLine(raw: string): string {
  return raw.replace(SEPARATORS, " ").trim();
}

function shapeProblem(shape: Shape, value: string): string | null {
  switch (shape) {
    case "text":
    case "name":
    case "pattern":
      return null;
    case "code":
      return /[\s-]/.test(value) ? 'must not contain spaces or "-"' : null;
    case "track":
      return isTrackName(value.toLowerCase())
        ? null
        : 'may only hold letters, digits, "-", "_" and "." (and not be a command word)';
    case "url":
      return isHttpUrl(value) ? null : "must be an http:// or https:// URL";
    case "color":
      return isCssColor(value) ? null : "must be a CSS colour (a name, #rrggbb, rgb() or hsl())";
    case "slug":
      return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value)
        ? null
        : 'may only hold letters, digits, "-", "_" and "."';
    case "icon":
      return /^[A-Za-z0-9_-]+$/.test(value) ? null : 'may only hold letters, digits, "-" and "_"';
  }
}

/**
 * What is wrong with a value for its field, without the field's label ("is too long (at most
 * 500 characters)"), or null when it is fine. For messages that name the field their own way
 * (an importer names it by its path in the document).
 */
export function fieldProblem(field: Field, value: string): string | null {
  const rule: FieldRule = FIELDS[field];
  if (value === "") return rule.optional === true ? null : "is empty";
  if (value.length > rule.maxLength) return `is too long (at most ${rule.maxLength} characters)`;
  const bad = badCharacter(value);
  if (bad !== null) return bad;
  if (value.trim() !== value) return "must not start or end with spaces";
  return shapeProblem(rule.shape, value);
}

/** Checks a value against its field's rule, unchanged (importers: refuse, never rewrite). */
export function checkField(field: Field, value: string): FieldResult {
  const problem = fieldProblem(field, value);
  return problem === null
    ? { ok: true, value }
    : { ok: false, reason: `${FIELDS[field].label} ${problem}` };
}

/** Cleans what a person typed (cleanLine), then checks it (chat, console, HTTP actions). */
export function readField(field: Field, raw: string): FieldResult {
  return checkField(field, cleanLine(raw));
}

/** Null when `count` things fit the event, else the reason ("… at most 500 tracks"). */
export function countProblem(what: Countable, count: number): string | null {
  const max = COUNT_LIMITS[what];
  return count > max ? `That would make ${count} ${COUNT_NOUNS[what]} (at most ${max})` : null;
}

/**
 * A piece of user input that a reply may quote: one line, printable (controls and lone
 * surrogates shown as U+FFFD), at most `max` code points, "…" when cut. Never splits a
 * surrogate pair.
 */
export function excerpt(value: string, max: number = LENGTH_LIMITS.excerpt): string {
  const points: string[] = [];
  let cut = false;
  for (const point of cleanLine(value)) {
    if (points.length === max) {
      cut = true;
      break;
    }
    const c = point.codePointAt(0) ?? 0;
    const printable = !(c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff));
    points.push(printable ? point : "\uFFFD");
  }
  return cut ? `${points.join("").trimEnd()}…` : points.join("");
}

const LONE_SURROGATE_OR_NUL =
  /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text that both databases can store (also inside JSON): NUL and lone surrogates as U+FFFD. */
export function storableText(raw: string): string {
  return raw.replace(LONE_SURROGATE_OR_NUL, "\uFFFD");
}

/** A JSON value whose every string value is storableText. */
export function storableJson<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? storableText(v) : v)),
  ) as T;
}

/**
 * What the command log may keep of an incoming line: NUL and lone surrogates (which neither
 * database can store) become U+FFFD, and the text is cut at LENGTH_LIMITS.line code units
 * (never inside a surrogate pair).
 */
export function forCommandLog(raw: string): string {
  let end = Math.min(raw.length, LENGTH_LIMITS.line);
  const last = raw.charCodeAt(end - 1);
  if (end < raw.length && last >= 0xd800 && last <= 0xdbff) end--;
  return storableText(raw.slice(0, end));
}

/** Null when an incoming line may be parsed at all, else a short reply. */
export function lineProblem(raw: string): string | null {
  return raw.length > LENGTH_LIMITS.line
    ? `That message is too long (at most ${LENGTH_LIMITS.line} characters)`
    : null;
}

/**
 * A list of names that a reply may show: as many as fit in `budget` characters (each one an
 * excerpt), then "… and N more".
 */
export function listExcerpt(items: readonly string[], budget = 4 * LENGTH_LIMITS.excerpt): string {
  const shown: string[] = [];
  let used = 0;
  for (const item of items) {
    const piece = excerpt(item);
    if (shown.length > 0 && used + 1 + piece.length > budget) break;
    shown.push(piece);
    used += (shown.length > 1 ? 1 : 0) + piece.length;
  }
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(" ")} … and ${more} more` : shown.join(" ");
}

/**
 * A name that the event may store although nobody typed it (a Matrix display name used as a
 * nick): one line, NUL, controls and lone surrogates as U+FFFD, at most LENGTH_LIMITS.name
 * code units (never cut inside a surrogate pair), trimmed; `fallback` when nothing is left.
 * What it returns passes checkField("nick") whenever `fallback` does.
 */
export function storableName(value: string, fallback: string): string {
  let points = "";
  for (const point of cleanLine(value)) {
    const c = point.codePointAt(0) ?? 0;
    const bad = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff);
    const next = bad ? "\uFFFD" : point;
    if (points.length + next.length > LENGTH_LIMITS.name) break;
    points += next;
  }
  const name = points.trim();
  return name === "" ? fallback : name;
}
