// Talks of an imported schedule (pretalx, frab, c3voc) as the page and the hallway screen show
// them: grouped by the conference day they are listed under, each with its real start and
// length (they may overlap and differ in length, unlike PTGbot's slots). Pure.
import type { DayState, TalkState } from "../../shared/api/event-state.js";

export interface TalkDay {
  /** As a schedule day: a weekday name, and one slot per talk (for the day tabs and dates). */
  day: DayState;
  talks: TalkState[];
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** The talks by conference day, in date order, each day's talks by start then room. */
export function talkDays(talks: readonly TalkState[]): TalkDay[] {
  const byDate = new Map<string, TalkState[]>();
  for (const talk of talks) {
    const list = byDate.get(talk.day) ?? [];
    list.push(talk);
    byDate.set(talk.day, list);
  }
  return [...byDate.keys()].sort().map((date) => {
    const list = (byDate.get(date) ?? []).sort(
      (a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.room.localeCompare(b.room),
    );
    const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()] ?? date;
    return {
      day: {
        name: weekday,
        slots: list.map((t) => ({
          code: t.guid,
          label: "",
          startsAt: t.startsAt,
          durationMinutes: t.durationMinutes,
        })),
      },
      talks: list,
    };
  });
}

/** When a talk runs (epoch ms). */
export function talkWindow(talk: TalkState): { start: number; end: number } {
  const start = Date.parse(talk.startsAt);
  return { start, end: start + talk.durationMinutes * 60_000 };
}

export const isRunning = (talk: TalkState, now: Date): boolean => {
  const { start, end } = talkWindow(talk);
  return now.getTime() >= start && now.getTime() < end;
};

/** The talks running at `now`, by start. */
export const runningTalks = (talks: readonly TalkState[], now: Date): TalkState[] =>
  talks.filter((t) => isRunning(t, now));

/** How far ahead a hallway screen looks for what comes next. */
export const NEXT_WINDOW_MS = 3 * 60 * 60_000;

/** In each room, the first talk that starts after `now` (within NEXT_WINDOW_MS), by start. */
export function upcomingTalks(talks: readonly TalkState[], now: Date): TalkState[] {
  const first = new Map<string, TalkState>();
  for (const talk of talks) {
    const start = Date.parse(talk.startsAt);
    if (start <= now.getTime() || start > now.getTime() + NEXT_WINDOW_MS) continue;
    const seen = first.get(talk.room);
    if (seen === undefined || start < Date.parse(seen.startsAt)) first.set(talk.room, talk);
  }
  return [...first.values()].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}
