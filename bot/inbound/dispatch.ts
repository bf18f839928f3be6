// Hands one sync batch to the handlers: account data first, then every room in its own queue
// (a room's events strictly one after the other, in timeline order; rooms side by side). The
// batch is done when every room is; if one failed, the batch fails and is fetched again, and
// the events already handled in this process are not handled twice.
import type { BotContext } from "../context.js";
import { inviteOf, type BotInvite } from "./early-direct.js";
import { saidSinceReading } from "../sync/first-sync.js";
import { handleMessage } from "./handle-message.js";
import { handleInvite } from "./invites.js";
import { describeError } from "../matrix/log.js";
import { isOwnJoin, type JoinedRoomUpdate, type SyncBatch } from "../matrix/matrix-events.js";
import type { MatrixOutbox } from "../delivery/outbox.js";
import { forgetDirectRoom } from "../delivery/notify.js";
import { KeyedQueue, RecentSet } from "../matrix/queue.js";
import { routeEvent } from "./routing.js";
import type { BatchInfo } from "../sync/sync-client.js";

export class Dispatcher {
  private readonly rooms = new KeyedQueue();
  private readonly handled = new RecentSet(10_000);
  /** When the bot joined each room, from its own join events. */
  private readonly joinedAt = new Map<string, number>();
  /** The bot's invite into each room, from the timeline (early-direct.ts). */
  private readonly invites = new Map<string, BotInvite>();
  /** When this bot state first began reading (first-sync.ts). */
  private readingFrom = Infinity;

  constructor(
    private readonly bot: BotContext,
    private readonly outbox: MatrixOutbox,
  ) {}

  async onBatch(batch: SyncBatch, info: BatchInfo): Promise<void> {
    for (const { type, content } of batch.accountData) {
      if (type === "m.direct") this.bot.direct.replace(content);
    }
    await this.bot.crypto.onSync(batch);
    const tasks: Promise<void>[] = [];
    for (const roomId of batch.left) tasks.push(this.rooms.run(roomId, () => this.onLeft(roomId)));
    for (const invite of batch.invites) {
      tasks.push(this.rooms.run(invite.roomId, () => handleInvite(this.bot, invite)));
    }
    for (const room of batch.joined) {
      tasks.push(this.rooms.run(room.roomId, () => this.onTimeline(room, info)));
    }
    const failures = (await Promise.allSettled(tasks)).filter(
      (r): r is PromiseRejectedResult => r.status === "rejected",
    );
    await this.bot.crypto.afterBatch(failures.length === 0);
    if (failures.length > 0) {
      throw new AggregateError(
        failures.map((f) => f.reason as unknown),
        `${failures.length} room(s) failed: ${failures.map((f) => describeError(f.reason)).join("; ")}`,
      );
    }
  }

  /** When this bot state first began reading: what the first sync holds from then on is news. */
  readFrom(at: number): void {
    this.readingFrom = at;
  }

  /** Resolves when every room's queue has drained. */
  idle(): Promise<void> {
    return this.rooms.idle();
  }

  private async onLeft(roomId: string): Promise<void> {
    this.bot.actors.forget(roomId);
    this.joinedAt.delete(roomId);
    this.invites.delete(roomId);
    this.bot.rooms.forget(roomId);
    this.bot.encrypted.forget(roomId);
    await forgetDirectRoom(this.bot, roomId);
  }

  private async onTimeline(room: JoinedRoomUpdate, info: BatchInfo): Promise<void> {
    const { bot } = this;
    const { roomId } = room;
    await bot.encrypted.observeAll(bot, roomId, room.events);
    const events = await bot.crypto.decryptTimeline(roomId, room.events, info.initial);
    let joinIndex = -1;
    events.forEach((event, i) => {
      if (isOwnJoin(event, bot.userId)) {
        joinIndex = i;
        this.joinedAt.set(roomId, event.originServerTs);
      }
    });

    const invite = inviteOf(events, bot.userId);
    if (invite !== undefined) this.invites.set(roomId, invite);

    for (const [i, event] of events.entries()) {
      bot.actors.observe(roomId, event);
      bot.rooms.observe(roomId, event);
      bot.joins.observe(roomId, event);
      await bot.directStates.observe(roomId, bot.direct.personIn(roomId), event);
      if (event.type === "m.room.member" && !info.initial) {
        await this.onMember(roomId, event.stateKey, event.content.membership);
      }
      if (event.type !== "m.room.message" || bot.encrypted.ignores(roomId)) continue;
      // A fresh bot state: what the first sync returns is history that was never meant for
      // this bot state, but for what was said since it began reading (first-sync.ts).
      if (this.handled.has(event.eventId)) continue;
      if (info.initial && !saidSinceReading(event, this.readingFrom)) continue;
      const route = routeEvent(event, {
        botUserId: bot.userId,
        isDirect: bot.direct.isDirect(roomId),
        joinedAt: this.joinedAt.get(roomId),
        beforeJoin: i < joinIndex,
        invite: this.invites.get(roomId),
      });
      if (route.kind === "command") {
        // One line after the other, each with its reply, in the order they were written.
        for (const { messageId, text, operation } of route.commands) {
          await handleMessage(bot, this.outbox, {
            roomId,
            event,
            messageId,
            text,
            operation,
            venue: route.venue,
          });
        }
      }
      this.handled.add(event.eventId);
    }
  }

  /** When the other person leaves a direct chat, the bot leaves it too and forgets it. */
  private async onMember(
    roomId: string,
    userId: string | undefined,
    membership: unknown,
  ): Promise<void> {
    const { bot } = this;
    if (userId === undefined || userId === bot.userId) return;
    if (membership !== "leave" && membership !== "ban") return;
    if (bot.direct.personIn(roomId) !== userId) return;
    await forgetDirectRoom(bot, roomId);
    await bot.client.leaveRoom(roomId).catch((error: unknown) => {
      bot.log.warn(`Could not leave the direct chat ${roomId}: ${describeError(error)}`);
    });
    bot.log.info(`${userId} left the direct chat ${roomId}; left it too`);
  }
}
