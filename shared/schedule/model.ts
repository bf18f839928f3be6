// A schedule in neutral form: what every input format (PTGbot JSON today) maps to before it is
// applied through the store's verbs (apply.ts). Each part is optional: a part that is present
// replaces the event's, an absent one keeps it. A new input format is one adapter that builds
// this. Types only.
import type { Banner, EventLink } from "../api/event-state.js";

export interface ScheduleSlot {
  /** Unique within the event, e.g. `MonA1`. */
  code: string;
  /** As shown, e.g. `09:00-10:45`. */
  label: string;
  /** Its real start, when known. */
  startsAt: Date | null;
}

export interface ScheduleDay {
  name: string;
  slots: ScheduleSlot[];
}

export interface ScheduleRoom {
  name: string;
  description: string | null;
  capabilityIcon: string | null;
  capabilityDescription: string | null;
  meetingUrl: string | null;
  /** The slots the room offers, each booked for a track or available (null). */
  offers: { slot: string; track: string | null }[];
}

export interface ScheduleCheckIn {
  nick: string;
  location: string;
  checkedInAt: Date;
  checkedOutAt: Date | null;
}

/** Track name → value. */
export type PerTrack<T> = Record<string, T>;

export interface ScheduleModel {
  voiceRequired?: boolean;
  links?: EventLink[];
  banners?: Banner[];
  /** Every track of the event (the others go). Absent: the event's tracks stay. */
  tracks?: string[];
  /** Days in order, and their slots (slots not listed go). */
  days?: ScheduleDay[];
  /** Rooms in order, and their offers (rooms not listed go). */
  rooms?: ScheduleRoom[];
  now?: PerTrack<string>;
  next?: PerTrack<string[]>;
  /** Per-track columns: tracks absent from a map present get none. */
  etherpads?: PerTrack<string>;
  urls?: PerTrack<string>;
  colors?: PerTrack<string>;
  locations?: PerTrack<string>;
  /** Each track's leads (Matrix user ids); tracks absent from it get none. */
  leads?: PerTrack<string[]>;
  /** Last check-in per person, known by nick. */
  checkIns?: ScheduleCheckIn[];
  /** Subscriptions, by nick. */
  subscriptions?: { nick: string; pattern: string }[];
}
