// An event's schedule as a calendar: one VEVENT per booked slot that has a real start time,
// and one per imported talk (calendar/talks.ts), each with a stable UID and a SEQUENCE.
import type { EventState, SlotState } from "../../shared/api/event-state.js";
import { cleanUri, escapeText, serialize, utcDateTime, type Property } from "./ics.js";
import { talkEvents, type CalendarTalk } from "./talks.js";

/** Slot length when the schedule does not say (PTG slots are 1 h 45). */
export const DEFAULT_SLOT_MINUTES = 105;

export interface CalendarOptions {
  /** Used for stable, globally unique UIDs. */
  publicUrl: string;
  /** Only this track's bookings (lower-case name); all tracks when absent. */
  track?: string;
  /** Imported talks with real times (their own UID and SEQUENCE). */
  talks?: readonly CalendarTalk[];
  /** The calendar's name (default: the event's, and the track's). */
  title?: string;
}

interface Booking {
  room: EventState["rooms"][number];
  slot: SlotState & { startsAt: string };
  track: string;
}

function bookings(state: EventState, track: string | undefined): Booking[] {
  const timed = state.days
    .flatMap((d) => d.slots)
    .filter((s): s is SlotState & { startsAt: string } => s.startsAt !== null);
  const list: Booking[] = [];
  for (const slot of timed) {
    for (const room of state.rooms) {
      const booked = room.bookings[slot.code];
      if (booked === undefined || booked === null) continue;
      if (track !== undefined && booked !== track) continue;
      list.push({ room, slot, track: booked });
    }
  }
  return list.sort((a, b) => Date.parse(a.slot.startsAt) - Date.parse(b.slot.startsAt));
}

export function renderCalendar(state: EventState, options: CalendarOptions): string {
  const host = new URL(options.publicUrl).host;
  const tracks = new Map(state.tracks.map((t) => [t.name, t]));
  const stamp = utcDateTime(new Date(state.updatedAt));
  const title =
    options.title ?? (options.track === undefined ? state.name : `${state.name}: ${options.track}`);
  const lines: Property[] = [
    ["BEGIN", "VCALENDAR"],
    ["VERSION", "2.0"],
    ["PRODID", "-//ptg-matrix//PTG schedule//EN"],
    ["CALSCALE", "GREGORIAN"],
    ["METHOD", "PUBLISH"],
    ["X-WR-CALNAME", escapeText(title)],
  ];
  for (const { room, slot, track } of bookings(state, options.track)) {
    const start = new Date(slot.startsAt);
    const minutes = slot.durationMinutes ?? DEFAULT_SLOT_MINUTES;
    const end = new Date(start.getTime() + minutes * 60_000);
    const info = tracks.get(track);
    const meeting = info?.url ?? room.url;
    const description = [
      info && info.etherpad !== "" ? `Etherpad: ${info.etherpad}` : null,
      meeting !== null ? `Meeting: ${meeting}` : null,
      room.description !== null ? `Room: ${room.description}` : null,
    ].filter((line) => line !== null);
    const uid = [state.slug, room.name, slot.code].map(encodeURIComponent).join("/");
    lines.push(
      ["BEGIN", "VEVENT"],
      ["UID", `${uid}@${host}`],
      // A booking's place is part of its UID: a moved booking is a new calendar entry.
      ["SEQUENCE", "0"],
      ["DTSTAMP", stamp],
      ["DTSTART", utcDateTime(start)],
      ["DTEND", utcDateTime(end)],
      ["SUMMARY", escapeText(track)],
      ["LOCATION", escapeText(room.name)],
    );
    if (meeting !== null) lines.push(["URL", cleanUri(meeting)]);
    if (description.length > 0) lines.push(["DESCRIPTION", escapeText(description.join("\n"))]);
    lines.push(["END", "VEVENT"]);
  }
  lines.push(...talkEvents(options.talks ?? [], { host, stamp, track: options.track }));
  lines.push(["END", "VCALENDAR"]);
  return serialize(lines);
}
