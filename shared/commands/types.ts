// The shapes every command handler and adapter share.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { EventWithSettings } from "../store/events.js";

/** Who sent a command, as the adapter (Matrix, console) saw them. */
export interface Actor {
  /** Stable identity: a Matrix user id, or e.g. `console:admin`. */
  id: string;
  /** How the person is named in replies and in `seen` (Matrix display name, IRC nick). */
  nick: string;
  /** Power level in the chat room the command came from (console: 100). */
  powerLevel: number;
}

/** A direct message the adapter must deliver to a subscriber. */
export interface Notification {
  /** The subscriber's identity (a Matrix user id for Matrix users). */
  personKey: string;
  nick: string;
  text: string;
}

/** Something only the adapter can do, asked for by a command (e.g. install the widget). */
export type Effect = { type: "install-widget" };

/** Thrown by a handler to refuse a command: the transaction rolls back and the text is the reply. */
export class CommandRefused extends Error {
  constructor(readonly reply: string) {
    super(reply);
    this.name = "CommandRefused";
  }
}

export interface CommandContext {
  trx: Transaction<Database>;
  event: EventWithSettings;
  actor: Actor;
  /** The chat room the command came from, when there is one. */
  chatRoomId: string | null;
  now: Date;
  /** Link to the full help, for replies that point to it. */
  helpUrl: string;
}

export interface HandlerResult {
  /** The reply; empty when the command succeeds silently. */
  reply: string;
  /** True when state changed: the event's version is bumped and listeners are told. */
  changed: boolean;
  notifications?: Notification[];
  effects?: Effect[];
}

/** The part of the message after the command word, split on whitespace, and as raw text. */
export interface Args {
  words: string[];
  text: string;
}

export interface TrackHandler {
  kind: "track";
  names: readonly string[];
  run(ctx: CommandContext & { track: TrackRef }, args: Args): Promise<HandlerResult>;
}

export interface UserHandler {
  kind: "user";
  names: readonly string[];
  run(ctx: CommandContext, args: Args): Promise<HandlerResult>;
}

/** What the adapter allows a command's preparation to do. */
export interface PrepareEnv {
  /** May `~fetchdb` fetch from loopback, private or link-local addresses? */
  allowPrivateFetch: boolean;
}

export interface AdminHandler {
  kind: "admin";
  names: readonly string[];
  /**
   * Slow work done before the transaction opens (e.g. fetching a URL), so that the event's
   * lock is not held meanwhile. Its result reaches `run` as `prepared`.
   */
  prepare?(args: Args, env: PrepareEnv): Promise<unknown>;
  run(ctx: CommandContext, args: Args, prepared?: unknown): Promise<HandlerResult>;
}

export type Handler = TrackHandler | UserHandler | AdminHandler;

export interface TrackRef {
  id: number;
  name: string;
}

export const ok = (reply = "", extra: Partial<HandlerResult> = {}): HandlerResult => ({
  reply,
  changed: true,
  ...extra,
});

export const answer = (reply: string): HandlerResult => ({ reply, changed: false });
