// Real times for slots whose labels look like times ("09:00-10:45"), from the event's time zone
// and the date of its first day. Pure and browser-safe.
import { addDays, venueInstant, weekdayOf } from "./venue-time.js";

/** A slot label read as times: minutes past midnight, and the length when it gives an end. */
export interface LabelTimes {
  startMinutes: number;
  durationMinutes: number | null;
}

const TIME = String.raw`([01]?\d|2[0-3])[:.h]([0-5]\d)`;
const LABEL = new RegExp(String.raw`^\s*${TIME}(?:\s*(?:-|–|—|to)\s*${TIME})?\s*$`, "i");

/** "09:00-10:45" → 540 and 105; "9:00" → 540 and null; "Morning" → null. */
export function parseSlotLabel(label: string): LabelTimes | null {
  const match = LABEL.exec(label);
  if (!match) return null;
  const start = Number(match[1]) * 60 + Number(match[2]);
  if (match[3] === undefined || match[4] === undefined) {
    return { startMinutes: start, durationMinutes: null };
  }
  const end = Number(match[3]) * 60 + Number(match[4]);
  return { startMinutes: start, durationMinutes: end > start ? end - start : null };
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** The weekday (0 = Sunday) a day's name means: "Monday", "mon", "Mon." → 1; else null. */
export function weekdayNamed(name: string): number | null {
  const text = name.trim().toLowerCase().replace(/\.$/, "");
  if (text.length < 3) return null;
  const index = WEEKDAYS.findIndex((w) => w === text || w.startsWith(text));
  return index < 0 ? null : index;
}

/**
 * The date of each day, in schedule order: the first day is `firstDay`; each later day is the
 * next date with the weekday its name says (within a week), or the next date when its name is
 * not a weekday.
 */
export function dayDates(dayNames: readonly string[], firstDay: string): string[] {
  const dates: string[] = [];
  for (const [i, name] of dayNames.entries()) {
    const previous = dates[i - 1];
    if (previous === undefined) {
      dates.push(firstDay);
      continue;
    }
    const weekday = weekdayNamed(name);
    const ahead = weekday === null ? 1 : ((weekday - weekdayOf(previous) + 6) % 7) + 1;
    dates.push(addDays(previous, ahead));
  }
  return dates;
}

export interface VenueSchedule {
  /** IANA time zone of the venue. */
  timeZone: string;
  /** "YYYY-MM-DD" */
  firstDay: string;
}

export interface TimedSlot {
  /** ISO 8601, or null when neither the schedule nor the label gives a time. */
  startsAt: string | null;
  durationMinutes: number | null;
}

/**
 * Every slot's real start and length. A start time the schedule already has (a PTGbot
 * `realtime`) is kept; otherwise a slot whose label looks like a time gets one from the venue's
 * zone and its day's date. Labels with an end ("09:00-10:45") also give the length.
 */
export function slotTimes(
  days: readonly {
    name: string;
    slots: readonly { label: string; startsAt: string | null; durationMinutes: number | null }[];
  }[],
  venue: VenueSchedule | null,
): TimedSlot[][] {
  const dates =
    venue === null
      ? []
      : dayDates(
          days.map((d) => d.name),
          venue.firstDay,
        );
  return days.map((day, i) =>
    day.slots.map((slot) => {
      const parsed = parseSlotLabel(slot.label);
      const durationMinutes = slot.durationMinutes ?? parsed?.durationMinutes ?? null;
      if (slot.startsAt !== null) return { startsAt: slot.startsAt, durationMinutes };
      const date = dates[i];
      if (venue === null || parsed === null || date === undefined) {
        return { startsAt: null, durationMinutes };
      }
      const start = venueInstant(date, parsed.startMinutes, venue.timeZone);
      return { startsAt: start.toISOString(), durationMinutes };
    }),
  );
}
