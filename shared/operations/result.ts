// What an operation did, as data: each adapter says it in its own words (chat: render-chat.ts).
import type { VenueSetting } from "./operation.js";
import type { BannerLevel } from "../api/event-state.js";

export type OperationResult =
  | { kind: "help"; helpUrl: string }
  /** `noRoomToday`: the track has no room booked today, which the moderator should know. */
  | { kind: "track.now" | "track.next"; track: string; noRoomToday: boolean }
  | { kind: "track.clean"; track: string }
  /** The etherpad in use (the generated one when `custom` is false). */
  | { kind: "track.etherpad"; track: string; etherpad: string; custom: boolean }
  | { kind: "track.url"; track: string; url: string | null }
  | { kind: "track.color"; track: string; color: string }
  | { kind: "track.location"; track: string; location: string }
  | { kind: "booking.book" | "booking.unbook"; track: string; room: string; slot: string }
  | { kind: "presence.checkIn"; place: string }
  | { kind: "presence.checkOut"; place: string }
  | {
      kind: "presence.seen";
      asked: string;
      found: { nick: string; location: string; at: Date; checkedOut: boolean } | null;
    }
  | { kind: "subscription.show"; pattern: string | null }
  | { kind: "subscription.set"; pattern: string; previous: string | null }
  | { kind: "subscription.cancel"; pattern: string | null }
  /** `already`: the person followed (follow.add) or did not follow (follow.remove) it before. */
  | { kind: "follow.add" | "follow.remove"; track: string; already: boolean }
  | { kind: "follow.show"; tracks: string[] }
  /** Every track; `page` is the page of them asked for (from 1). */
  | { kind: "admin.list"; tracks: string[]; page: number }
  | { kind: "admin.addTracks" | "admin.deleteTracks" | "admin.cleanTracks"; tracks: string[] }
  | { kind: "admin.newDay" }
  | { kind: "admin.motdAdd"; number: number; level: BannerLevel; message: string }
  | { kind: "admin.motdDel"; number: number }
  | { kind: "admin.motdReorder"; order: number[] }
  | { kind: "admin.motdClean" }
  | { kind: "admin.requireVoice" | "admin.allowEveryone" }
  | { kind: "admin.emptyDb" | "admin.showEvent" | "admin.bindEvent"; slug: string }
  /** `summary`: what the import did, in one line (describeImport). */
  | { kind: "admin.fetchDb" | "admin.importDocument"; slug: string; summary: string }
  | { kind: "admin.showName" | "admin.setName"; name: string }
  | { kind: "admin.widget" }
  /** `shown`: the setting was only shown; `value` null: not set. */
  | { kind: "admin.venue"; setting: VenueSetting; value: string | null; shown: boolean };

export type ResultOf<K extends OperationResult["kind"]> = Extract<OperationResult, { kind: K }>;
