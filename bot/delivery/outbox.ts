// Delivers the outbox's Matrix rows, whatever the source of the command that queued them (a
// Matrix message, the console, an HTTP action): replies in rooms, subscribers' direct messages,
// bridged users' notifications in event rooms, widget installs. Drained at start, on the
// outbox's NOTIFY, and after each command the bot runs; one drain at a time. A drain sends
// several destinations' rows side by side (at most PTG_MATRIX_SENDS_IN_FLIGHT at once, so a `now` to
// thousands of followers does not go out one message after the other), and each destination's
// rows one after the other, in order (destinationKey).
// Each message's transaction id derives from its row (id, creation time, part): a row sent but
// not marked (a crash in between) is sent again with the same transaction ids, which the
// homeserver recognises, so the room shows it once.
//
// A notification for a bridged user may have to wait for their puppet to join a direct room
// (notify.ts). Such a row stays pending and is left out of the drains while a background wait
// (bot.joins, which follows the sync and the room's state) runs; when the puppet joins, leaves,
// or the bound passes, the outbox drains again and the row is delivered or falls back. No drain,
// sync batch or other row waits for it. After a restart the row is still pending, and what it
// waits for is read again from the homeserver (the direct room and the time of the invite).
import { CoalescedRun } from "../../shared/coalesced-run.js";
import { flushBarrierOf } from "../../shared/db/durability.js";
import pLimit from "p-limit";
import { DEFAULT_SENDS_IN_FLIGHT } from "../../shared/config.js";
import type { Destination, OutboxMessage } from "../../shared/domain/destination.js";
import { markRowDelivered, pendingRows, type OutboxRow } from "../../shared/store/outbox.js";
import { trackOfRoom } from "../../shared/store/track-rooms.js";
import type { BotContext } from "../context.js";
import { describeError } from "../matrix/log.js";
import { isPermanent } from "../matrix/matrix-errors.js";
import { notify, type NotifyOutcome } from "./notify.js";
import { replyMessages } from "./replies.js";
import { replyRelation } from "./reply-relation.js";
import { sendMessage, transactionId } from "./send.js";
import { updateRoomStatus } from "./room-status.js";
import { updateTrackTopic } from "./track-topic.js";
import { removeTrackWidget, updateTrackWidget } from "./track-widget.js";
import { installWidget } from "./widget.js";

/** Rows read per round of a drain. */
const BATCH = 500;
/** Destinations sent to at the same time, by default (PTG_MATRIX_SENDS_IN_FLIGHT). */
export const SENDS_IN_FLIGHT = DEFAULT_SENDS_IN_FLIGHT;

/** Rows for the same key are sent one after the other, in order: a room, or a person. */
export function destinationKey(destination: Destination): string {
  switch (destination.kind) {
    case "matrix.room":
      return `room\u0000${destination.roomId}`;
    case "matrix.dm":
    case "matrix.bridged":
      return `person\u0000${destination.userId}`;
    case "console":
      return "console";
  }
}

/** `rows` grouped by destination, each group in the rows' order. */
function byDestination(rows: readonly OutboxRow[]): OutboxRow[][] {
  const groups = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const key = destinationKey(row.destination);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  return [...groups.values()];
}

/** What became of a row: delivered (or given up, with why), or to be tried again later. */
type Delivery = { kind: "done"; failure: string | null } | { kind: "later" };

const done = (failure: string | null = null): Delivery => ({ kind: "done", failure });

/** The transaction id of part `part` of a row's message. */
export const rowTransactionId = (row: OutboxRow, part: number): string =>
  transactionId("outbox", String(row.id), row.createdAt.toISOString(), String(part));

export interface OutboxHooks {
  /** Called after a row's messages were sent and before it is marked delivered (tests). */
  afterSend?: (row: OutboxRow) => void;
}

export class MatrixOutbox {
  /** One drain at a time; a drain asked for during one runs once more after it. */
  private readonly drains = new CoalescedRun(() => this.pass());
  private retry: NodeJS.Timeout | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private active = false;
  /** Rows waiting for someone to join a room (row id → what they wait for). */
  private readonly waiting = new Map<number, string>();
  /** The joins (and topic paces) waited for in the background. */
  private readonly waits = new Set<string>();
  /** When the bot last set each room's topic, or status message (ms), by `what\0room`. */
  private readonly pacedAt = new Map<string, number>();

  constructor(
    private readonly bot: BotContext,
    private readonly hooks: OutboxHooks = {},
    private readonly retryMs = 5_000,
    /** How often to look for rows anyway, should a NOTIFY have been missed. */
    private readonly sweepMs = 60_000,
    /** How often a wait for a join reads the room's state (the sync tells first, as a rule). */
    private readonly joinPollMs = 5_000,
    /** At most one topic change, and one status message change, per room in this time. */
    private readonly topicPaceMs = 10_000,
  ) {}

  /** How many rows wait for someone to join a room (tests). */
  get waitingRows(): number {
    return this.waiting.size;
  }

  /** Starts delivering (the active instance): drains what is pending. */
  resume(): void {
    this.active = true;
    clearInterval(this.sweep);
    this.sweep = setInterval(() => {
      this.kick();
    }, this.sweepMs);
    this.sweep.unref();
    this.kick();
  }

  /** Stops delivering (standby or stop) once the drain in hand is done. */
  async pause(): Promise<void> {
    this.active = false;
    clearTimeout(this.retry);
    clearInterval(this.sweep);
    await this.drains.settled();
  }

  /** Drains in the background; a failure is logged and tried again later. */
  kick(): void {
    if (!this.active) return;
    this.drain().catch((error: unknown) => {
      this.bot.log.warn(`Could not deliver the outbox yet: ${describeError(error)}`);
      clearTimeout(this.retry);
      this.retry = setTimeout(() => {
        this.kick();
      }, this.retryMs);
    });
  }

  /**
   * Delivers every row pending now. Rejects when the homeserver cannot be reached (the rows
   * stay for a later drain).
   */
  drain(): Promise<void> {
    return this.drains.run();
  }

  private async pass(): Promise<void> {
    const limit = pLimit(this.bot.config.matrixSendsInFlight ?? SENDS_IN_FLIGHT);
    for (;;) {
      const rows = await pendingRows(this.bot.db, "matrix", BATCH, [...this.waiting.keys()]);
      // A command's rows may be committed but not yet on disk (shared/db/durability.ts): they
      // reach Matrix only once they are, so a database that crashes cannot undo a sent message.
      if (rows.length > 0) await flushBarrierOf(this.bot.db)?.flush();
      const results = await Promise.allSettled(
        byDestination(rows).map((group) => limit(() => this.deliverInOrder(group))),
      );
      // A destination that failed stops there (its later rows wait for the next drain).
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed !== undefined) throw failed.reason;
      if (rows.length < BATCH) return;
    }
  }

  /** Delivers one destination's rows, one after the other. */
  private async deliverInOrder(rows: readonly OutboxRow[]): Promise<void> {
    for (const row of rows) {
      const delivery = await this.deliver(row);
      if (delivery.kind === "later") continue;
      this.hooks.afterSend?.(row);
      await markRowDelivered(this.bot.db, row, delivery.failure);
    }
  }

  /**
   * Leaves `row` out of the drains until `userId` joins `roomId`, leaves it, or `withinMs`
   * passes; then drains again. One background wait per room and user.
   */
  private defer(row: OutboxRow, wait: Extract<NotifyOutcome, { kind: "wait" }>): void {
    const key = `${wait.roomId}\u0000${wait.userId}`;
    this.waiting.set(row.id, key);
    if (this.waits.has(key)) return;
    this.waits.add(key);
    this.bot.log.info(`Waiting for ${wait.userId} to join ${wait.roomId} before notifying them`);
    this.bot.joins
      .waitForJoin(wait.roomId, wait.userId, wait.withinMs, this.joinPollMs)
      .then(async (joined) => {
        // Kept for the next drain, should the sync not have told it yet.
        if (joined)
          await this.bot.directStates.record(wait.roomId, wait.userId, "join", Date.now());
      })
      .catch((error: unknown) => {
        this.bot.log.warn(
          `Could not follow ${wait.userId} in ${wait.roomId}: ${describeError(error)}`,
        );
      })
      .finally(() => {
        this.waits.delete(key);
        for (const [id, waitingFor] of this.waiting) {
          if (waitingFor === key) this.waiting.delete(id);
        }
        this.kick();
      });
  }

  /** Delivers a notification (notify.ts), or defers it until the user can see it. */
  private async notify(
    row: OutboxRow,
    destination: Extract<Destination, { kind: "matrix.dm" | "matrix.bridged" }>,
    text: string,
  ): Promise<Delivery> {
    const target =
      destination.kind === "matrix.dm"
        ? { userId: destination.userId, bridged: false, eventSlug: null, near: null }
        : {
            userId: destination.userId,
            bridged: true,
            eventSlug: destination.eventSlug,
            near: destination.near,
          };
    const outcome = await notify(this.bot, target, text, (part) => rowTransactionId(row, part));
    switch (outcome.kind) {
      case "sent":
        return done();
      case "wait":
        this.defer(row, outcome);
        return { kind: "later" };
      case "unreachable":
        this.bot.log.warn(`Could not notify ${destination.userId}: ${outcome.why}`);
        return done(outcome.why);
    }
  }

  /**
   * Runs `work` for a room at most once per `topicPaceMs` per `what` (a topic, a status
   * message): a row that comes sooner waits (left out of the drains) and is then delivered with
   * the status of that time, which the rows waiting with it then find already shown. `work`
   * says whether it changed anything (a change that changed nothing does not count).
   */
  private async paced(
    row: OutboxRow,
    what: string,
    roomId: string,
    work: () => Promise<boolean>,
  ): Promise<Delivery> {
    const key = `${what}\u0000${roomId}`;
    const wait = (this.pacedAt.get(key) ?? -Infinity) + this.topicPaceMs - Date.now();
    if (wait > 0) {
      this.waiting.set(row.id, key);
      if (!this.waits.has(key)) {
        this.waits.add(key);
        setTimeout(() => {
          this.waits.delete(key);
          for (const [id, waitingFor] of this.waiting) {
            if (waitingFor === key) this.waiting.delete(id);
          }
          this.kick();
        }, wait).unref();
      }
      return { kind: "later" };
    }
    if (await work()) this.pacedAt.set(key, Date.now());
    return done();
  }

  /**
   * A track room's topic and its video widget (bot/delivery/track-topic.ts,
   * bot/delivery/track-widget.ts), as the room's binding is when delivered: a room that is no
   * longer the track's keeps its topic and loses the track's widget (unless another track has
   * it now: that track's row sets both).
   */
  private async trackRoom(
    roomId: string,
    { eventSlug, track }: Extract<OutboxMessage, { kind: "track-topic" }>,
  ): Promise<boolean> {
    const bound = await trackOfRoom(this.bot.db, roomId);
    if (bound?.name !== track) {
      if (bound === undefined) await this.widget(roomId, () => removeTrackWidget(this.bot, roomId));
      return false;
    }
    const topic = await updateTrackTopic(this.bot, roomId, eventSlug, track);
    await this.widget(roomId, () => updateTrackWidget(this.bot, roomId, eventSlug, track));
    return topic === "set";
  }

  /** Changes a room's video widget; one the bot may not set is logged, not tried again. */
  private async widget(roomId: string, change: () => Promise<unknown>): Promise<void> {
    try {
      await change();
    } catch (error) {
      if (!isPermanent(error)) throw error;
      this.bot.log.warn(`Could not set the video widget in ${roomId}: ${describeError(error)}`);
    }
  }

  /** Sends one row, or defers it (a bridged user's direct room not joined yet). */
  private async deliver(row: OutboxRow): Promise<Delivery> {
    const { bot } = this;
    const txnId = (part: number) => rowTransactionId(row, part);
    const { destination, message } = row;
    try {
      switch (destination.kind) {
        case "matrix.room": {
          const { roomId } = destination;
          if (message.kind === "track-topic") {
            return await this.paced(row, "topic", roomId, () => this.trackRoom(roomId, message));
          }
          if (message.kind === "room-status") {
            const txn = (part: string) =>
              transactionId("status", String(row.id), row.createdAt.toISOString(), part);
            return await this.paced(
              row,
              "status",
              roomId,
              async () => (await updateRoomStatus(bot, roomId, message.eventSlug, txn)) === "set",
            );
          }
          const text =
            message.kind === "text"
              ? message.text
              : await installWidget(bot, destination.roomId, message.eventSlug);
          const contents = replyMessages(
            text,
            destination.to,
            bot.config.replyMsgtype,
            await replyRelation(bot, destination.roomId, destination.inReplyTo),
          );
          for (const [i, content] of contents.entries()) {
            await sendMessage(bot.client, destination.roomId, content, txnId(i));
          }
          return done();
        }
        case "matrix.dm":
        case "matrix.bridged":
          if (destination.userId === bot.userId || message.kind !== "text") return done();
          return await this.notify(row, destination, message.text);
        case "console":
          return done("not a Matrix destination");
      }
    } catch (error) {
      // Refused for good (e.g. the bot may not talk in this room, an unknown user): give up.
      if (!isPermanent(error)) throw error;
      const who =
        destination.kind === "matrix.room"
          ? `reply in ${destination.roomId}`
          : destination.kind === "console"
            ? "deliver to the console"
            : `notify ${destination.userId}`;
      bot.log.warn(`Could not ${who}: ${describeError(error)}`);
      return done(describeError(error));
    }
  }
}
