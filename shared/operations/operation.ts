// What the core can be asked to do: one typed value per command, whatever the source (chat,
// console, CLI, HTTP, widget). The chat parser (shared/commands/chat-operation.ts) turns a line
// of text into one of these; other adapters build them directly. Types only: browser-safe.
import type { BannerLevel } from "../api/event-state.js";

/** Who must the sender be for an operation: anyone, a track moderator (voice), or an admin. */
export type Scope = { kind: "anyone" } | { kind: "track"; track: string } | { kind: "admin" };

export type TrackOperation =
  | { kind: "track.now"; track: string; topic: string }
  | { kind: "track.next"; track: string; topic: string }
  | { kind: "track.clean"; track: string }
  /** `etherpad: null` goes back to the generated etherpad. */
  | { kind: "track.etherpad"; track: string; etherpad: string | null }
  /** `url: null` removes the meeting link. */
  | { kind: "track.url"; track: string; url: string | null }
  | { kind: "track.color"; track: string; color: string }
  | { kind: "track.location"; track: string; location: string }
  | { kind: "booking.book"; track: string; room: string; slot: string }
  | { kind: "booking.unbook"; track: string; room: string; slot: string };

export type PersonOperation =
  | { kind: "presence.checkIn"; place: string }
  | { kind: "presence.checkOut" }
  | { kind: "presence.seen"; nick: string }
  | { kind: "subscription.show" }
  | { kind: "subscription.set"; pattern: string }
  | { kind: "subscription.cancel" }
  | FollowOperation;

/**
 * Following tracks (anyone, about themselves). The track is `trackName`, not `track`: following
 * is not a track operation (it needs no voice).
 */
export type FollowOperation =
  | { kind: "follow.add"; trackName: string }
  | { kind: "follow.remove"; trackName: string }
  | { kind: "follow.show" };

export type AdminOperation =
  /** `page` counts from 1 (default 1): a long list of tracks is shown a page at a time. */
  | { kind: "admin.list"; page?: number }
  | { kind: "admin.addTracks"; tracks: string[] }
  | { kind: "admin.deleteTracks"; tracks: string[] }
  | { kind: "admin.cleanTracks"; tracks: string[] }
  | { kind: "admin.newDay" }
  | { kind: "admin.motdAdd"; level: BannerLevel; message: string }
  /** Banner numbers count from 1, as shown. */
  | { kind: "admin.motdDel"; number: number }
  | { kind: "admin.motdReorder"; order: number[] }
  | { kind: "admin.motdClean" }
  | { kind: "admin.requireVoice" }
  | { kind: "admin.allowEveryone" }
  | { kind: "admin.emptyDb" }
  | { kind: "admin.fetchDb"; url: string }
  /** A PTGbot document already read (the CLI's `import FILE`): checked, then applied. */
  | { kind: "admin.importDocument"; document: unknown; from: string }
  | { kind: "admin.showEvent" }
  | { kind: "admin.bindEvent"; slug: string }
  | { kind: "admin.showName" }
  | { kind: "admin.setName"; name: string }
  | { kind: "admin.widget" }
  /** `value: null` shows the setting; "none" clears it. */
  | { kind: "admin.venue"; setting: VenueSetting; value: string | null };

/** The event's venue settings an admin sets from chat (~timezone, ~firstday, ~irc). */
export type VenueSetting = "timezone" | "firstday" | "irc";

export type Operation =
  | { kind: "help" }
  /**
   * A chat line that names a command whose arguments do not fit it: refused with `reply`, after
   * the same checks as the commands of its scope (so that e.g. an unknown track is named first).
   */
  | { kind: "chat.invalid"; scope: Scope; reply: string }
  | TrackOperation
  | PersonOperation
  | AdminOperation;

export type OperationKind = Operation["kind"];

/** The operation of one kind. */
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** Who may run an operation. */
export function scopeOf(operation: Operation): Scope {
  if (operation.kind === "chat.invalid") return operation.scope;
  if (operation.kind.startsWith("admin.")) return { kind: "admin" };
  if ("track" in operation) return { kind: "track", track: operation.track };
  return { kind: "anyone" };
}
