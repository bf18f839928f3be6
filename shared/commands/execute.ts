// Runs one chat message through the core: parse → (prepare) → one transaction that logs the
// message id, locks the event, authorizes, applies, and bumps the version. A refused or failed
// command changes nothing; a message id seen before is a no-op that returns what was decided.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { bumpVersion, ensureEvent, lockEvent } from "../store/events.js";
import { decide, prepare } from "./decide.js";
import { parseMessage, type Venue } from "./parse.js";
import { CommandRefused, type Actor, type Effect, type Notification } from "./types.js";

export interface CommandInput {
  /** Unique per message (the Matrix event id): what makes a redelivered message a no-op. */
  messageId: string;
  /** The event the chat room is bound to. */
  eventSlug: string;
  chatRoomId: string | null;
  venue: Venue;
  actor: Actor;
  text: string;
  now?: Date;
}

export interface CommandOptions {
  helpUrl: string;
  /** May `~fetchdb` fetch from loopback/private addresses? Default false (chat input). */
  allowPrivateFetch?: boolean;
  /** Told of unexpected failures (the sender only hears that nothing was changed). Default: stderr. */
  onError?: (error: unknown) => void;
}

export type CommandResultKind = "ok" | "refused" | "error";

export interface Decision {
  result: CommandResultKind;
  /** What to tell the sender; empty when there is nothing to say. */
  reply: string;
  notifications: Notification[];
  effects: Effect[];
  /** The command log row, for marking the reply delivered. Null when nothing was logged. */
  logId: number | null;
}

export type Outcome =
  | { status: "ignored" }
  | ({ status: "done"; version: number | null } & Decision)
  | ({ status: "duplicate"; delivered: boolean } & Decision);

class Duplicate extends Error {}

export const STORE_UNAVAILABLE =
  "Sorry, that did not work: the event store is not reachable right now. Nothing was changed; please try again.";

export async function runCommand(
  db: Kysely<Database>,
  input: CommandInput,
  options: CommandOptions,
): Promise<Outcome> {
  const parsed = parseMessage(input.text, input.venue);
  if (parsed.kind === "ignore") return { status: "ignored" };
  const now = input.now ?? new Date();
  const log = {
    message_id: input.messageId,
    chat_room_id: input.chatRoomId,
    sender_id: input.actor.id,
    sender_nick: input.actor.nick,
    text: input.text,
  };

  try {
    const prepared = await prepare(
      parsed,
      async () => {
        const event = await ensureEvent(db, input.eventSlug);
        const settings = await db
          .selectFrom("event_settings")
          .select("admin_level")
          .where("event_id", "=", event.id)
          .executeTakeFirstOrThrow();
        return input.actor.powerLevel >= settings.admin_level;
      },
      { allowPrivateFetch: options.allowPrivateFetch ?? false },
    );
    return await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto("command_log")
        .values({ ...log, result: "ok", reply: "" })
        .onConflict((oc) => oc.column("message_id").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted === undefined) throw new Duplicate();
      const { id: eventId } = await ensureEvent(trx, input.eventSlug);
      const event = await lockEvent(trx, eventId);
      const ctx = {
        trx,
        event,
        actor: input.actor,
        chatRoomId: input.chatRoomId,
        now,
        helpUrl: options.helpUrl,
      };
      const result = await decide(ctx, parsed, prepared);
      const version = result.changed ? await bumpVersion(trx, event.id) : null;
      const notifications = result.notifications ?? [];
      const effects = result.effects ?? [];
      await trx
        .updateTable("command_log")
        .set({
          event_id: event.id,
          reply: result.reply,
          notifications: JSON.stringify(notifications),
          effects: JSON.stringify(effects),
        })
        .where("id", "=", inserted.id)
        .execute();
      return {
        status: "done",
        version,
        result: "ok",
        reply: result.reply,
        notifications,
        effects,
        logId: inserted.id,
      } as const;
    });
  } catch (error) {
    if (error instanceof CommandRefused) return logRefusal(db, log, error.reply);
    if (error instanceof Duplicate) {
      try {
        return await findDecision(db, input.messageId);
      } catch {
        // The store failed after finding the duplicate: say so, like any other failure.
      }
    }
    (options.onError ?? reportError)(error);
    return replyOnly("error", STORE_UNAVAILABLE, null);
  }
}

const reportError = (error: unknown): void => {
  console.error("A command failed:", error);
};

/** The outcome of a command that changed nothing and only has a reply. */
const replyOnly = (result: CommandResultKind, reply: string, logId: number | null): Outcome => ({
  status: "done",
  version: null,
  result,
  reply,
  notifications: [],
  effects: [],
  logId,
});

async function logRefusal(
  db: Kysely<Database>,
  log: {
    message_id: string;
    chat_room_id: string | null;
    sender_id: string;
    sender_nick: string;
    text: string;
  },
  reply: string,
): Promise<Outcome> {
  try {
    const inserted = await db
      .insertInto("command_log")
      .values({ ...log, result: "refused", reply })
      .onConflict((oc) => oc.column("message_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted === undefined) return await findDecision(db, log.message_id);
    return replyOnly("refused", reply, inserted.id);
  } catch {
    // The refusal stands even if it could not be logged: nothing was changed.
    return replyOnly("refused", reply, null);
  }
}

async function findDecision(db: Kysely<Database>, messageId: string): Promise<Outcome> {
  const row = await db
    .selectFrom("command_log")
    .select(["id", "result", "reply", "notifications", "effects", "delivered"])
    .where("message_id", "=", messageId)
    .executeTakeFirstOrThrow();
  return {
    status: "duplicate",
    delivered: row.delivered,
    result: row.result,
    reply: row.reply,
    notifications: row.notifications as Notification[],
    effects: row.effects as Effect[],
    logId: row.id,
  };
}

/** Records that the reply and notifications of a logged command were sent. */
export async function markDelivered(db: Kysely<Database>, logId: number): Promise<void> {
  await db.updateTable("command_log").set({ delivered: true }).where("id", "=", logId).execute();
}
