// Writes the sync heartbeat (shared/store/heartbeat.ts) after the bot has handled a sync and
// stored the room state it brought: at most once a second, so that busy syncs do not write on
// every batch. A failed write is logged once per outage and does not fail the batch: the next
// sync tries again, and meanwhile the server refuses what needs fresh power, as it should.
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { recordSync } from "../../shared/store/heartbeat.js";
import { describeError, type BotLog } from "../matrix/log.js";

const MIN_INTERVAL_MS = 1_000;

export class SyncHeartbeat {
  private last = 0;
  private failing = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly botUserId: string,
    private readonly log: BotLog,
  ) {}

  /** Records the sync handled at `handledAt` (ms, this process's clock), its room state stored. */
  async beat(handledAt = Date.now()): Promise<void> {
    const now = Date.now();
    if (now - this.last < MIN_INTERVAL_MS) return;
    try {
      await recordSync(this.db, this.botUserId, now - handledAt);
      this.last = now;
      if (this.failing) this.log.info("The sync heartbeat is written again");
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        this.log.warn(`Could not write the sync heartbeat: ${describeError(error)}`);
      }
      this.failing = true;
    }
  }
}
