// A talk schedule in neutral form: what c3voc's schedule.json, frab's schedule.xml and pretalx's
// REST API all map to (c3voc.ts, frab.ts, pretalx-api.ts), what is stored (store/talks.ts) and
// what the exports are written from. Unlike PTGbot's grid, each talk has its own start,
// duration and room, and talks may overlap. Types, and the titles of derived links.

export interface TalkPerson {
  name: string;
  guid: string | null;
  /** frab's integer person id. */
  id: number | null;
  /** pretalx's speaker code. */
  code: string | null;
}

/**
 * Titles of the links the exports add to a talk from its PTG track. They are derived, not
 * kept: an import drops them (build.ts), so that our own export imports back unchanged.
 */
export const TRACK_LINK_TITLES = { etherpad: "PTG etherpad", meeting: "PTG meeting" } as const;

export interface TalkLink {
  url: string;
  title: string;
}

/** What the schedule says of a talk beyond its time, place, title and track. */
export interface TalkDetails {
  subtitle: string | null;
  type: string | null;
  language: string | null;
  abstract: string | null;
  description: string | null;
  slug: string | null;
  url: string | null;
  persons: TalkPerson[];
  links: TalkLink[];
  doNotRecord: boolean;
}

export interface Talk {
  /** Unique within the schedule: the key re-imports match talks by. */
  guid: string;
  /** frab's integer event id, when the schedule has one. */
  frabId: number | null;
  room: string;
  startsAt: Date;
  durationMinutes: number;
  /** The date (YYYY-MM-DD) of the conference day the talk is listed under. */
  day: string;
  title: string;
  /** The schedule's track name as written, or null. */
  track: string | null;
  details: TalkDetails;
}

export interface TalkDay {
  index: number;
  /** YYYY-MM-DD */
  date: string;
  /** ISO 8601 instants with the venue's offset. */
  dayStart: string;
  dayEnd: string;
}

export interface TalkRoom {
  name: string;
  guid: string | null;
  description: string | null;
}

export interface TalkTrack {
  name: string;
  color: string | null;
}

export interface TalkSchedule {
  /** The schedule's own version string ("1.0", "0.42 Ubiquitous Pony"…). */
  version: string;
  conference: {
    title: string;
    acronym: string;
    /** IANA zone: the venue's time. */
    timeZone: string;
    /** YYYY-MM-DD */
    start: string;
    end: string;
    timeslotMinutes: number;
    url: string | null;
    baseUrl: string | null;
  };
  days: TalkDay[];
  rooms: TalkRoom[];
  tracks: TalkTrack[];
  talks: Talk[];
}

/** Where the document came from, for the stored schedule and the messages. */
export type TalkFormat = "c3voc" | "frab" | "pretalx-api";
