// Venue time: validating an event's time zone, first day and IRC channel, and turning a wall-clock
// time at the venue into an instant. Pure and browser-safe (Intl only, no Node imports).
//
// Hand-written (about 20 lines of zone arithmetic) rather than a dependency: Node 20 has no
// Temporal, and Intl.DateTimeFormat already knows every IANA zone's offsets.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The zone's canonical spelling when `zone` is an IANA time zone Intl knows ("utc" → "UTC"), else null. */
export function canonicalTimeZone(zone: string): string | null {
  const text = zone.trim();
  if (text === "" || text.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(text)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** True for a real calendar date written "YYYY-MM-DD". */
export function isDateKey(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** "YYYY-MM-DD" `days` after `dateKey` (a valid date key). */
export function addDays(dateKey: string, days: number): string {
  const ms = Date.parse(`${dateKey}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** 0 (Sunday) … 6 (Saturday) for a valid date key. */
export function weekdayOf(dateKey: string): number {
  return new Date(`${dateKey}T00:00:00Z`).getUTCDay();
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds to add to UTC to get the wall clock in `zone` at `instant`. */
export function zoneOffsetMs(zone: string, instant: number): number {
  let format = offsetFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormats.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(instant)) parts[p.type] = Number(p.value);
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - (instant - (instant % 1000));
}

/**
 * The instant when the clocks at the venue show `minutes` past midnight of `dateKey`. In a gap
 * (spring forward) this is the time the clocks jump to; in an overlap, the earlier instant.
 */
export function venueInstant(dateKey: string, minutes: number, zone: string): Date {
  const wall = Date.parse(`${dateKey}T00:00:00Z`) + minutes * 60_000;
  const first = wall - zoneOffsetMs(zone, wall);
  const second = wall - zoneOffsetMs(zone, first);
  const shows = (t: number): boolean => t + zoneOffsetMs(zone, t) === wall;
  const candidates = [first, second].filter(shows);
  // No candidate shows that time: it falls in a gap, and the later one is after the jump.
  return new Date(candidates.length > 0 ? Math.min(...candidates) : Math.max(first, second));
}

export interface IrcChannel {
  /** As stored: "ircs://irc.oftc.net/#openinfra-events". */
  url: string;
  /** "#openinfra-events" */
  channel: string;
  /** "irc.oftc.net" */
  network: string;
}

const IRC_URL = /^(ircs?):\/\/([A-Za-z0-9.-]+)(?::(\d{1,5}))?\/(#[^\s,/#][^\s,/]{0,63})$/i;

/**
 * Parses an IRC channel written as an irc:// or ircs:// URL ("ircs://irc.oftc.net/#chan", the
 * `#` may be written %23). Null for anything else.
 */
export function parseIrcChannel(value: string): IrcChannel | null {
  const text = value.trim().replace(/%23/gi, "#");
  const match = IRC_URL.exec(text);
  if (!match?.[1] || !match[2] || !match[4]) return null;
  const port = match[3] === undefined ? "" : `:${match[3]}`;
  const scheme = match[1].toLowerCase();
  const network = match[2].toLowerCase();
  return { url: `${scheme}://${network}${port}/${match[4]}`, channel: match[4], network };
}
