// Days, slots and the clock, in the venue's time zone (the viewer's when the event has none).
// Pure: every function takes "now". One time format everywhere: 24-hour "09:00". Dates and
// weekday names are written by Intl in the page's language (i18n/messages.ts `locale`).
import type { DayState, SlotState } from "../../shared/api/event-state.js";
import { parseSlotLabel } from "../../shared/domain/slot-times.js";
import { locale } from "./i18n/messages.js";

/** How long a slot lasts when the schedule does not say. */
export const DEFAULT_SLOT_MINUTES = 105;

const formats = new Map<string, Intl.DateTimeFormat>();

/** Intl.DateTimeFormat is slow to construct (and the schedule asks for many): reuse them. */
function dateFormat(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale ?? ""}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const pad = (n: number): string => String(n).padStart(2, "0");

/** "2024-04-08" for `date` in `timeZone` (default: the viewer's, without the cost of Intl). */
export function localDateKey(date: Date, timeZone?: string): string {
  if (timeZone === undefined) {
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }
  const parts = dateFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** "monday" for `date` in `timeZone` (default: the viewer's). */
export function localWeekday(date: Date, timeZone?: string): string {
  if (timeZone === undefined) return WEEKDAYS[date.getDay()] ?? "";
  return dateFormat("en-US", { timeZone, weekday: "long" }).format(date).toLowerCase();
}

function parseTime(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Whether the day's name is this weekday: "Monday", "monday", "Mon" all match "monday". */
function namesWeekday(dayName: string, weekday: string): boolean {
  const name = dayName.trim().toLowerCase();
  return name === weekday || (name.length >= 3 && weekday.startsWith(name));
}

/**
 * The index of today's day in the schedule, or -1 when the event does not run today: first a day
 * whose slots start on today's date, else a day named after today's weekday.
 */
export function todayIndex(days: readonly DayState[], now: Date, timeZone?: string): number {
  const today = localDateKey(now, timeZone);
  const byDate = days.findIndex((day) =>
    day.slots.some((slot) => {
      const start = parseTime(slot.startsAt);
      return start !== null && localDateKey(new Date(start), timeZone) === today;
    }),
  );
  if (byDate >= 0) return byDate;
  const weekday = localWeekday(now, timeZone);
  return days.findIndex((day) => namesWeekday(day.name, weekday));
}

/** The day to show first: today's, else the first day (0; also when there are no days). */
export function initialDayIndex(days: readonly DayState[], now: Date, timeZone?: string): number {
  return Math.max(0, todayIndex(days, now, timeZone));
}

/** When a slot starts and ends (epoch ms), or null when it has no real time. */
export function slotWindow(slot: SlotState): { start: number; end: number } | null {
  const start = parseTime(slot.startsAt);
  if (start === null) return null;
  const minutes =
    slot.durationMinutes !== null && slot.durationMinutes > 0
      ? slot.durationMinutes
      : DEFAULT_SLOT_MINUTES;
  return { start, end: start + minutes * 60_000 };
}

/** Whether `now` falls within the slot (start inclusive, end exclusive). */
export function isCurrentSlot(slot: SlotState, now: Date): boolean {
  const window = slotWindow(slot);
  const t = now.getTime();
  return window !== null && t >= window.start && t < window.end;
}

/** Codes of the slots running now (usually none or one). */
export function currentSlotCodes(days: readonly DayState[], now: Date): Set<string> {
  const codes = new Set<string>();
  for (const day of days) {
    for (const slot of day.slots) if (isCurrentSlot(slot, now)) codes.add(slot.code);
  }
  return codes;
}

/** The one time format: "09:00" (24-hour), in `timeZone` (default: the viewer's). */
export function formatTime(ms: number | Date, timeZone?: string): string {
  return dateFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(ms)
    .replace(/^24:/, "00:");
}

/** The slot's start time ("09:00"), or null when it has no real time. */
export function formatSlotStart(
  slot: SlotState,
  _locale?: string,
  timeZone?: string,
): string | null {
  const start = parseTime(slot.startsAt);
  return start === null ? null : formatTime(start, timeZone);
}

/** "09:00–10:45": when the slot runs, in `timeZone`; null when it has no real time. */
export function formatSlotRange(slot: SlotState, timeZone?: string): string | null {
  const window = slotWindow(slot);
  if (window === null) return null;
  return `${formatTime(window.start, timeZone)}–${formatTime(window.end, timeZone)}`;
}

/** The viewer's time zone, as the browser knows it. */
export function viewerTimeZone(): string {
  return dateFormat(undefined, {}).resolvedOptions().timeZone;
}

const clockText = (minutes: number): string =>
  `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

export interface SlotTimes {
  /** The venue's times, when the label does not already say them. */
  venue: string | null;
  /** The viewer's times, when they differ from the venue's (or the label's). */
  local: string | null;
}

/**
 * What a slot's header adds to its label: venue times unless the label says them already, and
 * the viewer's local times where they differ. With no venue zone, a label that looks like a time
 * is taken as venue time.
 */
export function slotTimes(
  slot: SlotState,
  venueZone: string | null,
  viewerZone: string = viewerTimeZone(),
): SlotTimes {
  const venue = venueZone === null ? null : formatSlotRange(slot, venueZone);
  const local = formatSlotRange(slot, viewerZone);
  const label = parseSlotLabel(slot.label);
  const labelStart = label === null ? null : clockText(label.startMinutes);
  const labelText =
    label === null
      ? null
      : label.durationMinutes === null
        ? labelStart
        : `${labelStart ?? ""}–${clockText(label.startMinutes + label.durationMinutes)}`;
  const shownVenue = venue !== null && venue !== labelText ? venue : null;
  const shownStart = venue?.slice(0, 5) ?? labelStart;
  const shownLocal = local !== null && local.slice(0, 5) !== shownStart ? local : null;
  return { venue: shownVenue, local: shownLocal };
}

/** A short date and time for "last updated" ("30 Nov 2026, 09:05"), in `timeZone`. */
export function formatUpdated(iso: string, _locale?: string, timeZone?: string): string {
  const ms = parseTime(iso);
  if (ms === null) return iso;
  const date = dateFormat(locale, { timeZone, dateStyle: "medium" }).format(ms);
  return `${date}, ${formatTime(ms, timeZone)}`;
}

/** "HH:MM" for a clock display. */
export function formatClock(now: Date, _locale?: string, timeZone?: string): string {
  return formatTime(now, timeZone);
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A Sunday (UTC noon), to name weekdays with Intl: day `i` of the week is SUNDAY + i days. */
const SUNDAY_MS = Date.UTC(2024, 0, 7, 12);

/**
 * A day's name as shown: a weekday name ("Monday", "mon") in the page's language ("Montag");
 * any other name as the schedule gives it. English pages show every name as given.
 */
export function dayLabel(name: string): string {
  if (locale.toLowerCase().startsWith("en")) return name;
  const index = WEEKDAYS.findIndex((weekday) => namesWeekday(name, weekday));
  if (index < 0) return name;
  return dateFormat(locale, { weekday: "long", timeZone: "UTC" }).format(
    SUNDAY_MS + index * DAY_MS,
  );
}

/** The day's date in full ("Monday, 1 June 2020"), from its first timed slot; null when none. */
export function formatDayDate(day: DayState, timeZone?: string): string | null {
  const start = day.slots.map((s) => parseTime(s.startsAt)).find((ms): ms is number => ms !== null);
  if (start === undefined) return null;
  return dateFormat(locale, { dateStyle: "full", timeZone }).format(start);
}
