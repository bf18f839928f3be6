// Days, slots and the clock, in the viewer's time zone. Pure: every function takes "now".
import type { DayState, SlotState } from "../../shared/api/event-state.js";

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

/** The slot's start time in the viewer's time zone ("09:00"), or null when it has no real time. */
export function formatSlotStart(
  slot: SlotState,
  locale?: string,
  timeZone?: string,
): string | null {
  const start = parseTime(slot.startsAt);
  if (start === null) return null;
  return dateFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit" }).format(start);
}

/** A short date and time for "last updated", in the viewer's time zone. */
export function formatUpdated(iso: string, locale?: string, timeZone?: string): string {
  const ms = parseTime(iso);
  if (ms === null) return iso;
  return dateFormat(locale, { timeZone, dateStyle: "medium", timeStyle: "short" }).format(ms);
}

/** "HH:MM" for a clock display. */
export function formatClock(now: Date, locale?: string, timeZone?: string): string {
  return dateFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit" }).format(now);
}
