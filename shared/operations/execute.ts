// The core's one entry: execute(db, operation, actor, source, options). Slow preparation first
// (outside any lock), then one transaction that locks the event, authorizes, applies through
// the store's verbs, and in one last statement (store/command-record.ts) logs the command id,
// bumps the version and queues every message the command causes in the outbox (its reply,
// notifications, effects) for the adapters to deliver. A refused or failed operation changes
// nothing; a command id seen before is a no-op that returns what was decided (its id is found
// taken by that last statement, and the transaction rolls back).
import { setTimeout as sleep } from "node:timers/promises";
import type { Kysely } from "kysely";
import { isConnectionError } from "../db/connection-errors.js";
import { commandsTotal } from "../metrics/process-registry.js";
import type { Database } from "../db/schema.js";
import { forCommandLog, storableJson } from "../domain/input-rules.js";
import { recordCommand } from "../store/command-record.js";
import { flushBarrierOf } from "../db/durability.js";
import {
  commandEvent,
  ensureEvent,
  eventSettings,
  lockEvent,
  type CommandReads,
  type EventWithSettings,
} from "../store/events.js";
import type { OutboxEntry } from "../store/outbox.js";
import { authorize } from "./authorize.js";
import { changeScope } from "./change-scope.js";
import { Refused, type Actor, type Effect, type Notification } from "./context.js";
import { notificationDestination, type Destination } from "../domain/destination.js";
import { runOperation } from "./handlers/index.js";
import type { Operation } from "./operation.js";
import { refusal } from "./permission.js";
import { declarationOf, scopeOf } from "./registry.js";
import { isTrackName } from "../domain/validate.js";
import { renderChat } from "./render-chat.js";
import { changeEntries } from "./change-entries.js";
import { trackRoomsBefore } from "./track-topics.js";
import type { OperationResult } from "./result.js";

/** Where an operation comes from, and where its reply goes. */
export interface Source {
  /** Unique per command (e.g. a Matrix event id): a command id seen before is not run again. */
  commandId: string;
  /** The event the operation applies to (created when missing). */
  eventSlug: string;
  /** The chat room the command was said in (a Matrix room id, `console`), or null. */
  chatRoomId: string | null;
  /** Where the reply goes, through the outbox; null when the caller shows the result itself. */
  replyTo: Destination | null;
  /** What `replyTo` is told, from the reply (default: the reply; nothing when it is empty). */
  replyText?: (reply: string) => string;
  /** Does a refusal go to `replyTo` too? Default true (chat); the widget shows its own. */
  replyRefusals?: boolean;
  /** What the sender typed, for the command log (default: the operation). */
  text?: string;
  /** When it was asked (default: now). */
  now?: Date;
}

export interface ExecuteOptions {
  helpUrl: string;
  /** May `~fetchdb` fetch from loopback/private addresses? Default false (chat input). */
  allowPrivateFetch?: boolean;
  /** Matrix users bridged from IRC, who get notifications in an event room (default `^@irc_`). */
  bridgedUsers?: RegExp | null;
  /** The Jitsi server of `#TRACK url jitsi` (PTG_JITSI_URL); unset: none configured. */
  jitsiUrl?: string | null;
  /** Told of unexpected failures (the sender only hears that nothing was changed). */
  onError: (error: unknown) => void;
}

export type CommandResultKind = "ok" | "refused" | "error";

export interface Decision {
  result: CommandResultKind;
  /** The chat reply (rendered from the result); empty when there is nothing to say. */
  reply: string;
  notifications: Notification[];
  effects: Effect[];
  /**
   * The command log row, null when nothing was logged. When it is set, the reply, the
   * notifications and the effects are in the outbox under this command id.
   */
  logId: number | null;
}

export type Outcome =
  | { status: "ignored" }
  | ({ status: "done"; version: number | null } & Decision)
  | ({ status: "duplicate"; delivered: boolean } & Decision);

/** What execute returns: the outcome, and for an applied operation its typed result. */
export type Execution = Exclude<Outcome, { status: "ignored" }> & {
  value?: OperationResult;
};

export const STORE_UNAVAILABLE =
  "Sorry, that did not work: the event store is not reachable right now. Nothing was changed; please try again.";

const DEFAULT_BRIDGED_USERS = /^@irc_/;

class Duplicate extends Error {}

/**
 * Kinds whose event lock is taken by the version bump in their last statement, not first, on
 * PostgreSQL: the lock is then held for that statement and the commit only, so that commands
 * of one event, each in its own transaction, do not wait for each other's whole run. Only
 * kinds whose rules hold whatever other commands commit meanwhile: `#TRACK now` writes only
 * its own track's rows, checks nothing another command could change but the track's
 * existence and the event's settings (read at its start), and its version is still taken
 * under the lock, so version order is commit order. A track deleted meanwhile fails its
 * foreign key; a command holding the event's lock and waiting for the track's row (a
 * deadlock) makes it time out (LATE_LOCK_TIMEOUT): both roll back and run again, locked first.
 */
const LOCK_LATE: ReadonlySet<Operation["kind"]> = new Set(["track.now"]);
const LATE_LOCK_TIMEOUT = "250ms";

/** A late-locking kind for an event that does not exist yet: it is created, locked first. */
class LockFirst extends Error {}

/** The lower-case name of the track a track-scoped operation names, if a track can have it. */
function scopedTrack(operation: Operation): string | null {
  const scope = scopeOf(operation);
  if (scope.kind !== "track" && scope.kind !== "lead") return null;
  const name = scope.track.toLowerCase();
  return isTrackName(name) ? name : null;
}

/** Foreign key violation, lock timeout, deadlock: a late lock's conflicts (LOCK_LATE). */
function isLateLockConflict(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return code === "23503" || code === "55P03" || code === "40P01";
}

interface LogRow {
  message_id: string;
  chat_room_id: string | null;
  sender_id: string;
  sender_nick: string;
  text: string;
}

export async function execute(
  db: Kysely<Database>,
  operation: Operation,
  actor: Actor,
  source: Source,
  options: ExecuteOptions,
): Promise<Execution> {
  const execution = await executeOnce(db, operation, actor, source, options);
  commandsTotal.labels(operation.kind, execution.result, sourceLabel(source)).inc();
  return execution;
}

/** Which kind of adapter a command came through, for metrics. */
const sourceLabel = (source: Source): string =>
  source.replyTo === null ? "direct" : (source.replyTo.kind.split(".")[0] ?? "direct");

async function executeOnce(
  db: Kysely<Database>,
  operation: Operation,
  actor: Actor,
  source: Source,
  options: ExecuteOptions,
): Promise<Execution> {
  const now = source.now ?? new Date();
  const log: LogRow = {
    message_id: source.commandId,
    chat_room_id: source.chatRoomId,
    sender_id: forCommandLog(actor.id),
    sender_nick: forCommandLog(actor.nick),
    // Only what the database can store: NUL and lone surrogates as U+FFFD, and not too long.
    text: forCommandLog(source.text ?? JSON.stringify(operation)),
  };
  const progress = { committing: false };
  // The sender's display name may be in it, and may hold what no database can store.
  const replyTo = source.replyTo === null ? null : storableJson(source.replyTo);
  const bridgedUsers =
    options.bridgedUsers === undefined ? DEFAULT_BRIDGED_USERS : options.bridgedUsers;

  try {
    const { prepare } = declarationOf(operation);
    const prepared =
      prepare !== undefined &&
      refusal(
        scopeOf(operation).kind,
        actor.powerLevel,
        await eventSettings(db, (await ensureEvent(db, source.eventSlug)).id),
      ) === null
        ? await prepare(operation, { allowPrivateFetch: options.allowPrivateFetch ?? false })
        : undefined;
    const barrier = flushBarrierOf(db);
    const attempt = (late: boolean) =>
      db.transaction().execute(async (trx) => {
        // Locked first (commands on one event apply one after the other), or, for the kinds that
        // may (LOCK_LATE), by the version bump of the last statement. A new event is created.
        // A late-locking kind's track and rooms are read in that same first statement.
        const trackName = late ? scopedTrack(operation) : null;
        const found = await commandEvent(trx, source.eventSlug, {
          lock: !late,
          asyncCommit: barrier !== undefined,
          lockTimeout: late ? LATE_LOCK_TIMEOUT : null,
          ...(trackName === null ? {} : { track: { name: trackName, userId: actor.id } }),
        });
        if (late && found === undefined) throw new LockFirst();
        const { read, ...event }: EventWithSettings & { read?: CommandReads } =
          found ?? (await lockEvent(trx, (await ensureEvent(trx, source.eventSlug)).id));
        const ctx = {
          trx,
          event,
          actor,
          chatRoomId: source.chatRoomId,
          inReplyTo:
            source.replyTo?.kind === "matrix.room" ? (source.replyTo.inReplyTo ?? null) : null,
          now,
          helpUrl: options.helpUrl,
          jitsiUrl: options.jitsiUrl ?? null,
        };
        const track = await authorize(ctx, operation, read?.track);
        const scope = changeScope(operation, track);
        const roomsBefore = await trackRoomsBefore(trx, event.id, scope);
        const applied = await runOperation(ctx, operation, track, prepared);
        const reply = renderChat(applied.result);
        const notifications = applied.notifications ?? [];
        const effects = applied.effects ?? [];
        const entries: OutboxEntry[] = applied.changed
          ? await changeEntries(trx, event, scope, roomsBefore, read?.rooms)
          : [];
        if (replyTo !== null) {
          const text = source.replyText === undefined ? reply : source.replyText(reply);
          if (text !== "") entries.push({ destination: replyTo, message: textOf(text) });
          for (const effect of effects) {
            entries.push({
              destination: replyTo,
              message: { kind: effect.type, eventSlug: event.slug },
            });
          }
        }
        for (const a of applied.announcements ?? []) {
          entries.push({
            destination: { kind: "matrix.room", roomId: a.roomId, to: null },
            message: textOf(a.text),
          });
        }
        for (const n of notifications) {
          const destination = notificationDestination(n.personKey, {
            bridgedUsers,
            eventSlug: event.slug,
            chatRoomId: source.chatRoomId,
          });
          if (destination !== null) entries.push({ destination, message: textOf(n.text) });
        }
        // The log row, the outbox rows and the version bump in one statement; a message id
        // logged before (a redelivery racing this one) rolls all of it back.
        const recorded = await recordCommand(trx, {
          log: {
            ...log,
            result: "ok",
            event_id: event.id,
            reply,
            notifications: JSON.stringify(notifications),
            effects: JSON.stringify(effects),
          },
          entries,
          bump: applied.changed ? { eventId: event.id, slug: event.slug, scope } : null,
        });
        if (recorded === undefined) throw new Duplicate();
        const { logId, version } = recorded;
        progress.committing = true; // what fails from here on may have failed after the database committed
        return {
          status: "done",
          version,
          result: "ok",
          reply,
          notifications,
          effects,
          logId,
          value: applied.result,
        } as const;
      });
    const lateLock = barrier !== undefined && LOCK_LATE.has(operation.kind);
    let done: Execution;
    try {
      done = await attempt(lateLock);
    } catch (error) {
      // A late lock met a concurrent change it cannot order itself after (see LOCK_LATE):
      // nothing was written; run it again, locked first.
      if (!lateLock || !(error instanceof LockFirst || isLateLockConflict(error))) throw error;
      progress.committing = false;
      done = await attempt(false);
    }
    // Committed without waiting for the disk: answer once it is there. A barrier that failed
    // leaves that unknown, as a commit whose answer was lost.
    if (barrier !== undefined && done.logId !== null) {
      try {
        await barrier.flush();
      } catch (error) {
        options.onError(error);
        return await afterLostCommit(db, source.commandId);
      }
    }
    return done;
  } catch (error) {
    if (error instanceof Refused) {
      return logRefusal(db, log, error.reply, source.replyRefusals === false ? null : replyTo);
    }
    if (error instanceof Duplicate) {
      try {
        return await findDecision(db, source.commandId);
      } catch {
        // The store failed after finding the duplicate: say so, like any other failure.
      }
    }
    options.onError(error);
    if (progress.committing && isConnectionError(error))
      return afterLostCommit(db, source.commandId);
    return replyOnly("error", STORE_UNAVAILABLE, null);
  }
}

export const STORE_UNCERTAIN =
  "Sorry, the event store went away while applying that, and it cannot tell yet whether it was applied. Check the event page before sending it again.";

/**
 * The connection died during COMMIT: the database may have committed before it went. Look for the command in the log (a few tries while the database comes
 * back): found, it was applied; provably absent, nothing was changed; unknown, say so.
 */
async function afterLostCommit(db: Kysely<Database>, commandId: string): Promise<Execution> {
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      const row = await db
        .selectFrom("command_log")
        .select("id")
        .where("message_id", "=", commandId)
        .executeTakeFirst();
      if (row === undefined) return replyOnly("error", STORE_UNAVAILABLE, null);
      return await findDecision(db, commandId);
    } catch {
      await sleep(250 * 2 ** attempt); // up to about 8 s in all
    }
  }
  return replyOnly("error", STORE_UNCERTAIN, null);
}

const textOf = (text: string) => ({ kind: "text", text }) as const;

/** The outcome of a command that changed nothing and only has a reply. */
const replyOnly = (result: CommandResultKind, reply: string, logId: number | null): Execution => ({
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
  log: LogRow,
  reply: string,
  replyTo: Destination | null,
): Promise<Execution> {
  try {
    // One statement: the log row and its reply in the outbox, or nothing for a logged id.
    const recorded = await recordCommand(db, {
      log: { ...log, result: "refused", reply },
      entries: replyTo === null ? [] : [{ destination: replyTo, message: textOf(reply) }],
      bump: null,
    });
    if (recorded === undefined) return await findDecision(db, log.message_id);
    return replyOnly("refused", reply, recorded.logId);
  } catch {
    // The refusal stands even if it could not be logged: nothing was changed.
    return replyOnly("refused", reply, null);
  }
}

async function findDecision(db: Kysely<Database>, messageId: string): Promise<Execution> {
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

/** Records that everything a logged command caused was delivered. */
export async function markDelivered(db: Kysely<Database>, logId: number): Promise<void> {
  await db.updateTable("command_log").set({ delivered: true }).where("id", "=", logId).execute();
}
