// The reminder scheduler of the bot process: every `intervalMs` it asks the store to queue the
// reminders that are due (shared/store/reminders.ts), which the outbox then delivers. The clock
// is injectable, so that tests can move time; exactly-once is the store's doing, not the timer's.
import { queueDueReminders } from "../../shared/store/reminders.js";
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { describeError, type BotLog } from "../matrix/log.js";

export interface ReminderSchedulerOptions {
  db: Kysely<Database>;
  /** How long before a slot's start its followers are reminded, in minutes. */
  leadMinutes: number;
  bridgedUsers: RegExp | null;
  log: BotLog;
  /** The clock (tests move it). Default: the system clock. */
  now?: () => Date;
  /** How often to look, in ms. Default: 30 s. */
  intervalMs?: number;
}

export class ReminderScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private active = false;

  constructor(private readonly options: ReminderSchedulerOptions) {}

  /** Starts looking (now, then every interval). */
  resume(): void {
    if (this.active) return;
    this.active = true;
    this.schedule(0);
  }

  /** Stops looking, once the look in hand is done. */
  async pause(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Queues what is due now; returns how many reminders it queued. */
  async tick(): Promise<number> {
    const now = (this.options.now ?? (() => new Date()))();
    return queueDueReminders(this.options.db, now, {
      leadMs: this.options.leadMinutes * 60_000,
      bridgedUsers: this.options.bridgedUsers,
    });
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then((queued) => {
          if (queued > 0) this.options.log.info(`Queued ${queued} reminder(s) for followed tracks`);
        })
        .catch((error: unknown) => {
          this.options.log.warn(`Could not queue reminders yet: ${describeError(error)}`);
        })
        .finally(() => {
          this.running = null;
          if (this.active) this.schedule(this.options.intervalMs ?? 30_000);
        });
    }, delayMs);
  }
}
