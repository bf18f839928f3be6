// The shapes the core, its handlers and the adapters share.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { EventWithSettings } from "../store/events.js";
import type { OperationResult } from "./result.js";

/** Who asked for an operation, as the adapter (Matrix, console, HTTP) saw them. */
export interface Actor {
  /** Stable identity: a Matrix user id, or e.g. `console:admin`. */
  id: string;
  /** How the person is named in replies and in `seen` (Matrix display name, IRC nick). */
  nick: string;
  /** Power level in the chat room the command came from (console: 100). */
  powerLevel: number;
}

/** A subscriber to tell about an announcement. */
export interface Notification {
  /** The subscriber's identity (a Matrix user id for Matrix users). */
  personKey: string;
  nick: string;
  text: string;
}

/** Something only an adapter can do, asked for by an operation (e.g. install the widget). */
export type Effect = { type: "install-widget" };

/** Thrown by a handler to refuse an operation: the transaction rolls back; `reply` says why. */
export class Refused extends Error {
  constructor(readonly reply: string) {
    super(reply);
    this.name = "Refused";
  }
}

/** What a handler works with, inside the operation's transaction (which holds the event's lock). */
export interface OperationContext {
  trx: Transaction<Database>;
  event: EventWithSettings;
  actor: Actor;
  /** The chat room the operation came from, when there is one. */
  chatRoomId: string | null;
  /** The command's Matrix event, which its replies answer (null when not from Matrix). */
  inReplyTo: string | null;
  now: Date;
  /** Link to the full help, for replies that point to it. */
  helpUrl: string;
  /** The Jitsi server of `#TRACK url jitsi` (PTG_JITSI_URL), or null when none is configured. */
  jitsiUrl: string | null;
}

/** What a handler did. */
export interface Applied<R extends { kind: string } = OperationResult> {
  result: R;
  /** True when state changed: the event's version is bumped and listeners are told. */
  changed: boolean;
  notifications?: Notification[];
  effects?: Effect[];
  /** Messages to a Matrix room of the event, addressed to nobody (e.g. open lead requests). */
  announcements?: Announcement[];
}

/** A message an operation posts in a room of its event (through the outbox). */
export interface Announcement {
  roomId: string;
  text: string;
}

export const changed = <R extends { kind: string }>(
  result: R,
  extra: Omit<Applied<R>, "result" | "changed"> = {},
): Applied<R> => ({ result, changed: true, ...extra });

export const unchanged = <R extends { kind: string }>(result: R): Applied<R> => ({
  result,
  changed: false,
});
