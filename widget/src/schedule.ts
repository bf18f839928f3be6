// Questions the widget asks of the schedule: which rooms a day shows, where a track meets, and
// which link joins it. Pure.
import type {
  DayState,
  EventState,
  RoomState,
  SlotState,
  TrackState,
} from "../../shared/api/event-state.js";
import { safeHttpUrl } from "./safe.js";
import { currentSlotCodes, todayIndex } from "./time.js";

/** The rooms that offer at least one of the day's slots (booked or available), in schedule order. */
export function roomsForDay(rooms: readonly RoomState[], day: DayState): RoomState[] {
  return rooms.filter((room) => day.slots.some((slot) => slot.code in room.bookings));
}

/** The code that books this cell: "Aspen-FriP1". */
export function bookingCode(room: RoomState, slot: SlotState): string {
  return `${room.name}-${slot.code}`;
}

export type Cell =
  { kind: "booked"; track: string } | { kind: "available"; code: string } | { kind: "none" };

/** What the schedule shows for a room in a slot. */
export function cellFor(room: RoomState, slot: SlotState): Cell {
  if (!(slot.code in room.bookings)) return { kind: "none" };
  const track = room.bookings[slot.code];
  return track ? { kind: "booked", track } : { kind: "available", code: bookingCode(room, slot) };
}

/**
 * The room a track meets in: the one it is booked in for the slot running now, else the first one
 * it is booked in today, else the room its location names. Null when none applies.
 */
export function roomOfTrack(state: EventState, track: TrackState, now: Date): RoomState | null {
  const current = currentSlotCodes(state.days, now);
  const bookedIn = (room: RoomState, codes: Iterable<string>): boolean => {
    for (const code of codes) if (room.bookings[code] === track.name) return true;
    return false;
  };
  const inCurrentSlot = state.rooms.find((room) => bookedIn(room, current));
  if (inCurrentSlot) return inCurrentSlot;
  const today = state.days[todayIndex(state.days, now, state.timeZone ?? undefined)];
  if (today) {
    const codes = today.slots.map((s) => s.code);
    const bookedToday = state.rooms.find((room) => bookedIn(room, codes));
    if (bookedToday) return bookedToday;
  }
  const location = track.location?.trim().toLowerCase();
  if (!location) return null;
  return state.rooms.find((room) => room.name.toLowerCase() === location) ?? null;
}

/** The link that joins the track's meeting: its own URL, else its room's; only http(s). */
export function meetingUrl(state: EventState, track: TrackState, now: Date): string | null {
  return safeHttpUrl(track.url) ?? safeHttpUrl(roomOfTrack(state, track, now)?.url);
}

/** Tracks by lower-cased name, for `#track` mentions. */
export function tracksByName(tracks: readonly TrackState[]): Map<string, TrackState> {
  return new Map(tracks.map((t) => [t.name.toLowerCase(), t]));
}
