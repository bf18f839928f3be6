// Delivers the outbox's Matrix rows, whatever the source of the command that queued them (a
// Matrix message, the console, an HTTP action): replies in rooms, subscribers' direct messages,
// bridged users' notifications in event rooms, widget installs. Drained at start, on the
// outbox's NOTIFY, and after each command the bot runs; one drain at a time, rows in order.
// Each message's transaction id derives from its row (id, creation time, part): a row sent but
// not marked (a crash in between) is sent again with the same transaction ids, which the
// homeserver recognises, so the room shows it once.
import { markRowDelivered, pendingRows, type OutboxRow } from "../shared/store/outbox.js";
import type { BotContext } from "./context.js";
import { describeError } from "./log.js";
import { isPermanent } from "./matrix-errors.js";
import { postForBridgedUser, sendDirect } from "./notify.js";
import { replyMessages } from "./replies.js";
import { sendMessage, transactionId } from "./send.js";
import { installWidget } from "./widget.js";

const BATCH = 50;

/** The transaction id of part `part` of a row's message. */
export const rowTransactionId = (row: OutboxRow, part: number): string =>
  transactionId("outbox", String(row.id), row.createdAt.toISOString(), String(part));

export interface OutboxHooks {
  /** Called after a row's messages were sent and before it is marked delivered (tests). */
  afterSend?: (row: OutboxRow) => void;
}

export class MatrixOutbox {
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private retry: NodeJS.Timeout | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private active = false;

  constructor(
    private readonly bot: BotContext,
    private readonly hooks: OutboxHooks = {},
    private readonly retryMs = 5_000,
    /** How often to look for rows anyway, should a NOTIFY have been missed. */
    private readonly sweepMs = 60_000,
  ) {}

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
    await Promise.allSettled([this.current, this.next]);
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
    if (this.current === null) {
      const pass = this.pass().finally(() => {
        this.current = null;
      });
      this.current = pass;
      return pass;
    }
    // A drain is under way and may have read the rows already: run one more after it.
    this.next ??= this.current
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.drain();
      });
    return this.next;
  }

  private async pass(): Promise<void> {
    for (;;) {
      const rows = await pendingRows(this.bot.db, "matrix", BATCH);
      for (const row of rows) {
        const failure = await this.deliver(row);
        this.hooks.afterSend?.(row);
        await markRowDelivered(this.bot.db, row, failure);
      }
      if (rows.length < BATCH) return;
    }
  }

  /** Sends one row; returns why it was given up (a permanent refusal), or null when sent. */
  private async deliver(row: OutboxRow): Promise<string | null> {
    const { bot } = this;
    const txnId = (part: number) => rowTransactionId(row, part);
    const { destination, message } = row;
    try {
      switch (destination.kind) {
        case "matrix.room": {
          const text =
            message.kind === "text"
              ? message.text
              : await installWidget(bot, destination.roomId, message.eventSlug);
          const contents = replyMessages(text, destination.to, bot.config.replyMsgtype);
          for (const [i, content] of contents.entries()) {
            await sendMessage(bot.client, destination.roomId, content, txnId(i));
          }
          return null;
        }
        case "matrix.dm":
          if (destination.userId === bot.userId || message.kind !== "text") return null;
          await sendDirect(bot, destination.userId, message.text, txnId);
          return null;
        case "matrix.bridged": {
          if (message.kind !== "text") return null;
          if (await postForBridgedUser(bot, destination, message.text, txnId)) return null;
          const why =
            "a bridged user gets no direct messages, and is in no room of event " +
            destination.eventSlug;
          bot.log.warn(`Could not notify ${destination.userId}: ${why}`);
          return why;
        }
        case "console":
          return "not a Matrix destination";
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
      return describeError(error);
    }
  }
}
