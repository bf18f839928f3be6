// Where the page's own links point: the event's calendars, the help page, Matrix rooms (through
// matrix.to) and the IRC channel. Pure.
import type { IrcChannelState, TrackRoomLink } from "../../shared/api/event-state.js";
import { parseIrcChannel } from "../../shared/domain/venue-time.js";

// The server that serves the page also serves the calendars and the help page: links are made
// absolute on its origin (so that they can be copied into a calendar app as they are).
const here = (): string => (globalThis as { location?: { origin: string } }).location?.origin ?? "";

const slugPath = (slug: string): string => `/events/${encodeURIComponent(slug)}`;

/** The whole event's iCalendar feed (served by this server). */
export const eventCalendarUrl = (slug: string, origin = here()): string =>
  `${origin}${slugPath(slug)}/ical`;

/** One track's iCalendar feed. */
export const trackCalendarUrl = (slug: string, track: string, origin = here()): string =>
  `${origin}${slugPath(slug)}/tracks/${encodeURIComponent(track)}.ics`;

/** The event's schedule for companion apps: c3voc's schedule.json or frab's schedule.xml. */
export const scheduleExportUrl = (slug: string, format: "json" | "xml", origin = here()): string =>
  `${origin}${slugPath(slug)}/schedule.${format}`;

/** The bot's help page. */
export const helpUrl = (origin = here()): string => `${origin}/help`;

/** A matrix.to link that opens a room in the viewer's Matrix client. */
export function matrixToUrl(roomId: string): string {
  return `https://matrix.to/#/${encodeURIComponent(roomId)}`;
}

/** A track's own room, through matrix.to: by its alias when it has one. */
export const trackRoomUrl = (room: TrackRoomLink): string => matrixToUrl(room.alias ?? room.roomId);

/** The channel's irc:// or ircs:// link, checked again here; null when it is not one. */
export function ircUrl(channel: IrcChannelState | null): string | null {
  if (channel === null) return null;
  return parseIrcChannel(channel.url)?.url ?? null;
}
