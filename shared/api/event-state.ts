// The typed state of one event, as the HTTP API serves it and the widget renders it.
// Types only: safe to import from the browser bundle.

export const BANNER_LEVELS = ["info", "success", "warning", "danger"] as const;
export type BannerLevel = (typeof BANNER_LEVELS)[number];

export interface Banner {
  level: BannerLevel;
  message: string;
}

export interface EventLink {
  label: string;
  url: string;
}

export interface NowTopic {
  topic: string;
  /** ISO 8601 time the topic was set. */
  since: string;
}

export interface CheckedInPerson {
  nick: string;
  /** ISO 8601 check-in time. */
  since: string;
}

export interface TrackState {
  name: string;
  /** A validated CSS colour, or null when none was set (the widget derives one). */
  color: string | null;
  /** The etherpad link in effect: the one set by `etherpad URL`, else the generated one. */
  etherpad: string;
  /** True when `etherpad URL` set it by hand. */
  etherpadCustom: boolean;
  /** The track's own meeting link (`url URL`), overriding its room's. */
  url: string | null;
  /** Where the track meets now: set by hand or from today's schedule. */
  location: string | null;
  now: NowTopic | null;
  next: string[];
  /** People currently checked into this track (not checked out). */
  checkedIn: CheckedInPerson[];
}

export interface SlotState {
  /** e.g. "MonA1": unique within the event. */
  code: string;
  /** e.g. "09:00-10:45". */
  label: string;
  /**
   * ISO 8601 real start time, when known: the schedule's own, else one computed from a label
   * that looks like a time ("09:00-10:45") and the event's time zone and first day.
   */
  startsAt: string | null;
  /** The slot's length: the schedule's own, else from a label with an end ("09:00-10:45"). */
  durationMinutes: number | null;
}

export interface DayState {
  /** e.g. "Monday". */
  name: string;
  slots: SlotState[];
}

export interface RoomState {
  name: string;
  description: string | null;
  capabilityIcon: string | null;
  capabilityDescription: string | null;
  /** The room's meeting link (video room), when it has one. */
  url: string | null;
  /** Slot code → booked track name, or null when the slot is available. Slots the room does not offer are absent. */
  bookings: Record<string, string | null>;
}

/** The event's IRC channel, when one is configured. */
export interface IrcChannelState {
  /** "ircs://irc.oftc.net/#openinfra-events" */
  url: string;
  /** "#openinfra-events" */
  channel: string;
  /** "irc.oftc.net" */
  network: string;
}

export interface EventState {
  slug: string;
  name: string;
  /** The venue's IANA time zone ("Europe/Berlin"), when set: the widget shows times in it. */
  timeZone: string | null;
  /** The date of the event's first day ("2026-04-13"), when set. */
  firstDay: string | null;
  /** Matrix room ids bound to the event (where its commands are read), oldest binding first. */
  matrixRooms: string[];
  ircChannel: IrcChannelState | null;
  /** Bumped by every change; the ETag and the live stream are keyed on it. */
  version: number;
  /** ISO 8601 time of the last change. */
  updatedAt: string;
  voiceRequired: boolean;
  /**
   * When a power level last changed in one of the event's Matrix rooms, as the bot saw it (null:
   * none known). With `voiceRequired`, the signal for a signed-in widget to re-read what its user
   * may do.
   */
  powerChangedAt: string | null;
  etherpadBase: string;
  banners: Banner[];
  links: EventLink[];
  /** Sorted by name. */
  tracks: TrackState[];
  /** In schedule order. */
  days: DayState[];
  /** In schedule order. */
  rooms: RoomState[];
}
