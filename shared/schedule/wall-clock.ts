// Reading and writing venue wall-clock times of talk schedules: "HH:MM" durations, ISO 8601
// instants with the venue's offset ("2026-12-27T23:30:00+01:00"), and the venue's date and
// time of an instant. Built on venue-time.ts's zone arithmetic (Intl only).
import { addDays, zoneOffsetMs } from "../domain/venue-time.js";

const DURATION = /^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/;

/** Minutes of "HH:MM" (or "HH:MM:SS", seconds dropped); null when it is not one. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** "HH:MM" of a number of minutes. */
export function formatDuration(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The venue's wall clock at `instant`: date, time and offset. */
export function wallClock(instant: Date, zone: string) {
  const offsetMs = zoneOffsetMs(zone, instant.getTime());
  const wall = new Date(instant.getTime() - (instant.getTime() % 1000) + offsetMs);
  const date = wall.toISOString().slice(0, 10);
  const time = wall.toISOString().slice(11, 16);
  const offsetMinutes = Math.round(offsetMs / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return { date, time, offset, iso: `${date}T${time}:00${offset}` };
}

/** The conference day a talk starting at `instant` belongs to: days change at 06:00. */
export function conferenceDay(instant: Date, zone: string): string {
  return wallClock(new Date(instant.getTime() - 6 * 3_600_000), zone).date;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** The instant of an ISO 8601 date-time that carries its offset; null otherwise. */
export function parseInstant(text: string): Date | null {
  if (!ISO_INSTANT.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** A conference day the document did not list: 06:00 to 05:59 the next morning. */
export function derivedDay(date: string, position: number, zone: string) {
  const offset = wallClock(new Date(`${date}T12:00:00Z`), zone).offset;
  return {
    index: position + 1,
    date,
    dayStart: `${date}T06:00:00${offset}`,
    dayEnd: `${addDays(date, 1)}T05:59:00${offset}`,
  };
}
