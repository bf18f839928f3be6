// Opens followers' direct rooms ahead of time: when someone starts following a track (told by
// the follows' NOTIFY) and at start for every follower the bot has no direct room with, so that a
// `now` to thousands of followers only sends messages, instead of creating a room per follower
// at the first notification. Rooms are opened a few at a time, paced (bot/sync/pacing.ts), each
// person's under the same per-person queue as notifications (so one person never gets two).
// Bridged users are left out: their notifications have their own rules (notify.ts).
import pLimit from "p-limit";
import { allFollowers } from "../../shared/store/follows.js";
import { isBridgedUser } from "../bridges/bridged-users.js";
import type { BotContext } from "../context.js";
import { describeError } from "../matrix/log.js";
import { isPermanent } from "../matrix/matrix-errors.js";
import { openDirectRoom } from "./notify.js";

/** Rooms being opened at the same time. */
const OPENING_IN_FLIGHT = 4;

export class DirectRoomPreparer {
  private running: Promise<void> | null = null;
  private again = false;
  private active = false;
  /** People whose room could not be opened for good (an unknown user): not tried again. */
  private readonly refused = new Set<string>();
  private readonly limit = pLimit(OPENING_IN_FLIGHT);

  constructor(private readonly bot: BotContext) {}

  /** Starts opening rooms (the active instance): for every follower without one. */
  resume(): void {
    this.active = true;
    this.kick();
  }

  /** Stops once the rooms being opened are. */
  async pause(): Promise<void> {
    this.active = false;
    await this.running;
  }

  /** Someone started following: opens their room if they have none. */
  followed(userId: string): void {
    if (!this.active || !this.wanted(userId)) return;
    void this.open(userId);
  }

  /** Looks for every follower without a room (one pass at a time; a kick during one adds one). */
  kick(): void {
    if (!this.active) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((error: unknown) => {
        this.bot.log.warn(`Could not open followers' direct rooms: ${describeError(error)}`);
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private wanted(userId: string): boolean {
    const { bot } = this;
    return (
      userId.startsWith("@") &&
      userId !== bot.userId &&
      !this.refused.has(userId) &&
      !isBridgedUser(userId, bot.config.bridgedUsers) &&
      bot.direct.roomWith(userId) === undefined
    );
  }

  private async pass(): Promise<void> {
    const missing = (await allFollowers(this.bot.db)).filter((u) => this.wanted(u));
    if (missing.length > 0) {
      this.bot.log.info(`Opening direct rooms ahead of time for ${missing.length} followers`);
    }
    await Promise.all(missing.map((userId) => this.open(userId)));
  }

  private open(userId: string): Promise<void> {
    const { bot } = this;
    return this.limit(() =>
      bot.people.run(userId, async () => {
        if (!this.active || !this.wanted(userId)) return;
        try {
          // The room, and its share of the m.direct write (one per batch of rooms).
          await bot.pace(() => openDirectRoom(bot, userId), 2);
        } catch (error) {
          if (isPermanent(error)) this.refused.add(userId);
          bot.log.warn(`Could not open a direct room with ${userId}: ${describeError(error)}`);
        }
      }),
    );
  }
}
