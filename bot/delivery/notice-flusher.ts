// Sends followers' change notices when they are due (shared/store/schedule-notices.ts): every
// `intervalMs` the active bot instance asks the store to turn each follower's due notices into
// one outbox message. Exactly-once is the store's doing (rows deleted with the message queued),
// not the timer's; the clock is injectable for tests.
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { flushDueNotices } from "../../shared/store/schedule-notices.js";
import { describeError, type BotLog } from "../matrix/log.js";

export interface NoticeFlusherOptions {
  db: Kysely<Database>;
  bridgedUsers: RegExp | null;
  log: BotLog;
  now?: () => Date;
  /** How often to look, in ms. Default: 10 s. */
  intervalMs?: number;
}

export class NoticeFlusher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private active = false;

  constructor(private readonly options: NoticeFlusherOptions) {}

  resume(): void {
    if (this.active) return;
    this.active = true;
    this.schedule(0);
  }

  async pause(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Sends what is due now; returns how many messages it queued. */
  tick(): Promise<number> {
    const now = (this.options.now ?? (() => new Date()))();
    return flushDueNotices(this.options.db, now, { bridgedUsers: this.options.bridgedUsers });
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then((queued) => {
          if (queued > 0) this.options.log.info(`Queued ${queued} schedule change notice(s)`);
        })
        .catch((error: unknown) => {
          this.options.log.warn(
            `Could not send schedule change notices yet: ${describeError(error)}`,
          );
        })
        .finally(() => {
          this.running = null;
          if (this.active) this.schedule(this.options.intervalMs ?? 10_000);
        });
    }, delayMs);
  }
}
