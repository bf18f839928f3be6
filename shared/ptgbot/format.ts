// PTGbot's JSON format (the IRC bot's database file, also served as ptg.json), and the limits
// we hold an imported document to. Types and constants only: safe for the browser bundle.
import type { BannerLevel } from "../api/event-state.js";
import { COUNT_LIMITS, LENGTH_LIMITS } from "../domain/input-rules.js";

/** One time slot of a day, e.g. `{ name: "MonA1", desc: "09:00-10:45" }`. */
export interface PtgbotSlot {
  /** The slot code, unique within the event. */
  name: string;
  /** The label shown for the slot, e.g. `09:00-10:45`. */
  desc: string;
  /** ISO 8601 real start time, when known. */
  realtime?: string;
}

/**
 * One room of the schedule: the fields below, plus one key per slot the room offers, whose
 * value is the booked track's name or `""` when the slot is available.
 */
export type PtgbotRoom = Record<string, string>;

/** The keys of a room that are not slot codes. */
export const ROOM_FIELDS = ["desc", "cap_icon", "cap_desc", "url"] as const;
export type PtgbotRoomField = (typeof ROOM_FIELDS)[number];

export interface PtgbotCheckIn {
  nick: string;
  location: string;
  /** `YYYY-MM-DD HH:MM:SS`, UTC. */
  in: string;
  /** `YYYY-MM-DD HH:MM:SS`, UTC, or null while checked in. */
  out: string | null;
}

export interface PtgbotBanner {
  level: BannerLevel;
  message: string;
}

/**
 * A PTGbot document. Every key is optional on import (a key that is present replaces the
 * event's current value); an export has all of them. Maps keep their keys' order, which is
 * meaningful for `links`, `slots` (days) and `schedule` (rooms).
 */
export interface PtgbotDocument {
  /** The event's slug. */
  eventid?: string;
  /** 1 when track commands need voice. */
  voice?: 0 | 1;
  /** label → URL, in display order. */
  links?: Record<string, string>;
  /** Banners, in display order. */
  motd?: PtgbotBanner[];
  /** track → current topic. */
  now?: Record<string, string>;
  /** track → coming-next topics. */
  next?: Record<string, string[]>;
  /** track → etherpad URL set by hand (tracks using the generated one are absent). */
  etherpads?: Record<string, string>;
  /** track → meeting URL. */
  urls?: Record<string, string>;
  /** track → CSS colour. */
  colors?: Record<string, string>;
  /** track → where it meets now. */
  location?: Record<string, string>;
  /** lower-cased nick → last check-in. */
  last_check_in?: Record<string, PtgbotCheckIn>;
  /** nick → subscription pattern. */
  subscriptions?: Record<string, string>;
  /** day name → its slots, days in order. */
  slots?: Record<string, PtgbotSlot[]>;
  /** Track names. */
  tracks?: string[];
  /** room name → room, rooms in order. */
  schedule?: Record<string, PtgbotRoom>;
  /**
   * Not PTGbot's (which ignores it): track → its leads' Matrix user ids. Exported only when a
   * track has leads.
   */
  leads?: Record<string, string[]>;
}

/** A document with every key, as exportPtgbot produces it (`leads` only when there are some). */
export type CompletePtgbotDocument = Required<Omit<PtgbotDocument, "leads">> &
  Pick<PtgbotDocument, "leads">;

/** The top-level keys of the format, in PTGbot's order. */
export const PTGBOT_KEYS = [
  "eventid",
  "voice",
  "links",
  "motd",
  "now",
  "next",
  "etherpads",
  "urls",
  "colors",
  "location",
  "last_check_in",
  "subscriptions",
  "slots",
  "tracks",
  "schedule",
] as const satisfies readonly (keyof PtgbotDocument)[];

/** What an imported document may hold: the same limits as chat (one set, input-rules.ts). */
export const PTGBOT_LIMITS = {
  /** Room, day, slot code and slot label, nick, event id. */
  nameLength: LENGTH_LIMITS.name,
  ...COUNT_LIMITS,
} as const;

/** Default cap on the size of a PTGbot JSON document read from a URL or a file. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
