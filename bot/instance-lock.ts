// Only one bot instance acts on a Matrix account at a time. On PostgreSQL the active instance
// holds a session-level advisory lock (key derived from the bot's user id) on a connection it
// keeps for that purpose; another instance tries again every few seconds and takes over when
// the first one stops or dies. On PGlite the process is alone with its database anyway.
//
// If the lock's connection breaks (database restart), the instance keeps acting (the database
// is down for everyone; senders are told so) and takes the lock again on a new connection as
// soon as it can; if another instance got it first, this one stands down (`onLost`) and waits.
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { Store } from "../shared/db/open.js";
import { describeError, type BotLog } from "./log.js";

export interface LockOptions {
  log: BotLog;
  /** How often a waiting instance tries again. */
  retryMs: number;
  /** How often the holder checks that its connection (and so its lock) is still there. */
  heartbeatMs: number;
  /** Called when another instance took the lock; `onAcquired` follows when it is back. */
  onLost: () => void;
  onAcquired: () => void;
}

export interface InstanceLock {
  /** Resolves when the lock is first held (at once on PGlite). */
  acquired: Promise<void>;
  release(): Promise<void>;
}

/** A signed 64-bit advisory lock key for this bot account. */
export function lockKey(userId: string): string {
  const digest = createHash("sha256").update(`ptg-bot:${userId}`).digest();
  return digest.readBigInt64BE(0).toString();
}

export function holdInstanceLock(
  store: Pick<Store, "kind">,
  databaseUrl: string | null,
  userId: string,
  options: LockOptions,
): InstanceLock {
  if (store.kind !== "postgres") {
    return { acquired: Promise.resolve(), release: () => Promise.resolve() };
  }
  if (databaseUrl === null) {
    throw new Error("DATABASE_URL: the bot needs it to hold its instance lock on PostgreSQL");
  }
  const { log } = options;
  const key = lockKey(userId);
  const stop = new AbortController();
  const stopping = (): boolean => stop.signal.aborted;
  let held = false;
  let firstAcquired: () => void = () => undefined;
  const acquired = new Promise<void>((resolve) => {
    firstAcquired = resolve;
  });
  const pause = (ms: number): Promise<void> =>
    sleep(ms, undefined, { signal: stop.signal }).catch(() => undefined);

  // One session on its own connection (not from the pool): the lock lives as long as it does.
  const session = async (): Promise<void> => {
    const client = new pg.Client({
      connectionString: databaseUrl,
      connectionTimeoutMillis: 10_000,
      query_timeout: 15_000,
      keepAlive: true,
    });
    // A connection that breaks while idle reports it here; the next query then fails.
    client.on("error", () => undefined);
    try {
      await client.connect();
      let waiting = false;
      for (;;) {
        if (stopping()) return;
        const { rows } = await client.query<{ locked: boolean }>(
          "select pg_try_advisory_lock($1::bigint) as locked",
          [key],
        );
        if (rows[0]?.locked === true) break;
        if (held) {
          held = false;
          log.warn("Another bot instance took over this Matrix account; standing by");
          options.onLost();
        }
        if (!waiting) {
          log.info(`Another bot instance is active for ${userId}; waiting for it to stop`);
          waiting = true;
        }
        await pause(options.retryMs);
      }
      if (!held) {
        held = true;
        log.info(`This bot instance is the active one for ${userId}`);
        firstAcquired();
        options.onAcquired();
      }
      while (!stopping()) {
        await pause(options.heartbeatMs);
        if (!stopping()) await client.query("select 1");
      }
      await client.query("select pg_advisory_unlock($1::bigint)", [key]).catch(() => undefined);
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  const running = (async () => {
    while (!stopping()) {
      try {
        await session();
      } catch (error) {
        if (stopping()) break;
        log.warn(`The bot's lock connection failed (${describeError(error)}); retrying`);
        await pause(options.retryMs);
      }
    }
  })();

  return {
    acquired,
    release: async () => {
      stop.abort();
      await running;
    },
  };
}
