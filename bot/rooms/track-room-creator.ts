// Works through `~trackrooms create`'s jobs and `~space`'s adoptions (issue 20), in the active
// bot instance only: at start, on the jobs' NOTIFY, and again after a failure. One room at a
// time, at the homeserver's pace: a 429 (Synapse limits room creation: by default a burst of 10,
// then one a minute) is waited out for as long as it asks, and the batch is told once that it
// is paced. Each outcome is recorded through an operation (shared/operations/kinds/
// track-rooms.ts) under a command id of its own, so a record made twice counts once, and its
// reply reports progress in the room where it was asked, through the outbox.
//
// Exactly once across restarts: a job stays pending until its record commits. A bot that stops
// (or dies) after creating a room and before recording it creates it "again" on restart with the
// same alias and marker, which finds the room it made (bot/track-room-matrix.ts).
import { setTimeout as sleep } from "node:timers/promises";
import type { Destination } from "../../shared/domain/destination.js";
import { execute } from "../../shared/operations/execute.js";
import type { Operation } from "../../shared/operations/operation.js";
import { CREATOR_LEVEL } from "../../shared/operations/permission.js";
import {
  eventSpace,
  nextPendingJob,
  pendingAdoptions,
  type PendingJob,
  type SpaceAdoption,
} from "../../shared/store/track-room-jobs.js";
import type { BotContext } from "../context.js";
import { describeError } from "../matrix/log.js";
import { isPermanent } from "../matrix/matrix-errors.js";
import { rateLimitWaitMs } from "../sync/rate-limit.js";
import {
  addToSpace,
  aliasLocalpart,
  checkSpace,
  createMarkedRoom,
  creatorsPrivileged,
  joinRuleOf,
  RoomRefusal,
} from "./track-room-matrix.js";

/** Test hooks. */
export interface TrackRoomHooks {
  /** Called after a track room was made (or found) and before it is recorded. */
  afterCreate?: (track: string, roomId: string) => void | Promise<void>;
}

/** Why a room could not be made, in the reply: the homeserver's error, or the bot's reason. */
const reason = (error: unknown): string => describeError(error);

/** Nothing to retry: the homeserver or the bot refuses it. */
const refused = (error: unknown): boolean => error instanceof RoomRefusal || isPermanent(error);

export class TrackRoomCreator {
  private running: Promise<void> | null = null;
  private again = false;
  private active = false;
  private stop = new AbortController();
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly bot: BotContext,
    private readonly hooks: TrackRoomHooks = {},
    private readonly retryMs = 5_000,
  ) {}

  /** Starts working (the active instance): on whatever is pending. */
  resume(): void {
    this.active = true;
    this.stop = new AbortController();
    this.kick();
  }

  /** Stops at once (a wait for the homeserver is cut short); resolves when the work in hand is. */
  async pause(): Promise<void> {
    this.active = false;
    clearTimeout(this.retry);
    this.stop.abort();
    await this.running;
  }

  /** Paused (read afresh: it changes while a pass runs). */
  private stopped(): boolean {
    return !this.active;
  }

  /** Looks for work (one pass at a time; a kick during one adds one). */
  kick(): void {
    if (!this.active) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((error: unknown) => {
        if (this.stopped()) return;
        this.bot.log.warn(`Could not create track rooms yet: ${describeError(error)}`);
        clearTimeout(this.retry);
        this.retry = setTimeout(() => {
          this.kick();
        }, this.retryMs);
        this.retry.unref();
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async pass(): Promise<void> {
    while (!this.stopped()) {
      for (const adoption of await pendingAdoptions(this.bot.db)) await this.adopt(adoption);
      const job = await nextPendingJob(this.bot.db);
      if (job === undefined || this.stopped()) return;
      await this.work(job);
    }
  }

  /** Runs an operation as the bot, once per `commandId`; its reply goes to `replyTo`. */
  private async record(
    eventSlug: string,
    commandId: string,
    operation: Operation,
    replyTo: Destination,
  ): Promise<void> {
    const { bot } = this;
    let failure: unknown = null;
    const outcome = await execute(
      bot.db,
      operation,
      { id: bot.userId, nick: "ptgbot", powerLevel: CREATOR_LEVEL },
      { commandId: `trackrooms:${commandId}`, eventSlug, chatRoomId: null, replyTo },
      {
        helpUrl: bot.helpUrl,
        bridgedUsers: bot.config.bridgedUsers,
        onError: (error) => {
          failure = error;
        },
      },
    );
    if (outcome.result === "error") {
      throw failure instanceof Error ? failure : new Error("the event store failed");
    }
  }

  /** Checks and adopts the Space `~space` named; the outcome is said where it was asked. */
  private async adopt(adoption: SpaceAdoption): Promise<void> {
    const { target, eventSlug, replyTo } = adoption;
    const id = `space-adopted:${adoption.eventId}:${target}:${adoption.askedAt}`;
    try {
      const space = await checkSpace(this.bot, target);
      const op = { kind: "trackRooms.spaceAdopted", target, ...space, error: null } as const;
      await this.record(eventSlug, id, op, replyTo);
    } catch (error) {
      if (!refused(error)) throw error;
      const op = {
        kind: "trackRooms.spaceAdopted",
        target,
        roomId: null,
        alias: null,
        error: reason(error),
      } as const;
      await this.record(eventSlug, id, op, replyTo);
    }
  }

  /**
   * Runs a room creation, waiting out the homeserver's rate limit for as long as it asks; the
   * batch is told the first time.
   */
  private async paced<T>(job: PendingJob, create: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await create();
      } catch (error) {
        const waitMs = rateLimitWaitMs(error, attempt);
        if (waitMs === null || !this.active) throw error;
        this.bot.log.info(`Room creation is rate limited: next try in ${waitMs} ms`);
        const op = {
          kind: "trackRooms.paced",
          batch: job.batchId,
          waitSeconds: Math.ceil(waitMs / 1000),
        } as const;
        await this.record(job.eventSlug, `paced:${job.batchId}`, op, job.replyTo);
        await sleep(waitMs + 50, undefined, { signal: this.stop.signal });
      }
    }
  }

  /** The event's Space, created first if it has none; null when it could not be. */
  private async spaceOf(job: PendingJob): Promise<string | null> {
    const { bot } = this;
    const current = await eventSpace(bot.db, job.eventId);
    if (current.roomId !== null) return current.roomId;
    try {
      const power = await this.powerFor(job);
      const space = await this.paced(job, () =>
        createMarkedRoom(
          bot,
          aliasLocalpart(`${job.eventSlug}_space`),
          { space: job.eventSlug },
          {
            name: job.eventName,
            topic: `The rooms of ${job.eventName}`,
            preset: "public_chat",
            visibility: "private",
            creation_content: { type: "m.space" },
            power_level_content_override: power,
          },
        ),
      );
      const op = { kind: "trackRooms.spaceCreated", ...space } as const;
      await this.record(
        job.eventSlug,
        `space-created:${job.eventId}:${space.roomId}`,
        op,
        job.replyTo,
      );
    } catch (error) {
      if (!refused(error)) throw error;
      const op = {
        kind: "trackRooms.failed",
        batch: job.batchId,
        job: null,
        error: `the event's Space could not be made: ${reason(error)}`,
      } as const;
      await this.record(job.eventSlug, `failed-batch:${job.batchId}`, op, job.replyTo);
      return null;
    }
    return (await eventSpace(bot.db, job.eventId)).roomId;
  }

  /** Power for who asked (100); the bot keeps its own (as creator, or listed before v12). */
  private async powerFor(job: PendingJob): Promise<{ users: Record<string, number> }> {
    const users: Record<string, number> = {};
    if (!(await creatorsPrivileged(this.bot))) users[this.bot.userId] = 100;
    if (job.requestedBy.startsWith("@") && job.requestedBy !== this.bot.userId) {
      users[job.requestedBy] = 100;
    }
    return { users };
  }

  private async work(job: PendingJob): Promise<void> {
    const { bot } = this;
    const spaceId = await this.spaceOf(job);
    if (spaceId === null) return;
    // Rooms follow the Space: public in a public Space, else open to the Space's members.
    const joinRule =
      (await joinRuleOf(bot, spaceId)) === "public"
        ? { join_rule: "public" }
        : { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: spaceId }] };
    let room;
    try {
      const power = await this.powerFor(job);
      room = await this.paced(job, () =>
        createMarkedRoom(
          bot,
          aliasLocalpart(job.eventSlug, job.track),
          { event: job.eventSlug, track: job.track },
          {
            name: job.track,
            topic: `#${job.track}`,
            preset: joinRule.join_rule === "public" ? "public_chat" : "private_chat",
            visibility: "private",
            power_level_content_override: power,
            initial_state: [
              { type: "m.room.join_rules", state_key: "", content: joinRule },
              {
                type: "m.space.parent",
                state_key: spaceId,
                content: { via: [bot.serverName], canonical: true },
              },
            ],
          },
        ),
      );
      await this.hooks.afterCreate?.(job.track, room.roomId);
      await addToSpace(bot, spaceId, room.roomId);
    } catch (error) {
      if (!refused(error)) throw error;
      const op = {
        kind: "trackRooms.failed",
        batch: job.batchId,
        job: job.id,
        error: reason(error),
      } as const;
      await this.record(job.eventSlug, `failed:${job.id}`, op, job.replyTo);
      return;
    }
    const op = { kind: "trackRooms.created", job: job.id, track: job.track, ...room } as const;
    await this.record(job.eventSlug, `created:${job.id}`, op, job.replyTo);
  }
}
