// Only one bot instance acts on a Matrix account at a time. On PostgreSQL the active instance
// holds a session-level advisory lock (key derived from the bot's user id) on a connection it
// keeps for that purpose; another instance tries again every few seconds and takes over when
// the first one stops or dies. On PGlite the process is alone with its database anyway.
//
// The lock lives exactly as long as its connection. So when that connection breaks (database
// restart, failover, pg_terminate_backend, a cut network noticed by the heartbeat), this
// instance stops acting at once (`onLost`), since another one may take the lock right away, and
// competes for the lock again on a new connection (`onAcquired` when it has it back), a little
// later than a standby would, so that a standby takes over.
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { Store } from "../../shared/db/open.js";
import { describeError, type BotLog } from "../matrix/log.js";

/** The application_name of lock connections, to tell them apart in pg_stat_activity. */
export const LOCK_APPLICATION = "ptg-bot-lock";

export interface LockOptions {
  log: BotLog;
  /** How often a waiting instance tries again; one that lost the lock waits twice as long. */
  retryMs: number;
  /** How often the holder checks that its connection (and so its lock) is still there. */
  heartbeatMs: number;
  /** Called when this instance must stop acting; `onAcquired` follows when it has the lock again. */
  onLost: () => void;
  onAcquired: () => void;
}

export interface InstanceLock {
  /** Resolves when the lock is first held (at once on PGlite). */
  acquired: Promise<void>;
  /** Whether this instance holds the lock now. */
  readonly held: boolean;
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
    return { acquired: Promise.resolve(), held: true, release: () => Promise.resolve() };
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
  const pause = (ms: number, signal: AbortSignal = stop.signal): Promise<void> =>
    sleep(ms, undefined, { signal }).catch(() => undefined);

  const standDown = (why: string): void => {
    if (!held) return;
    held = false;
    log.warn(`${why}; this bot instance stops acting and competes for the lock again`);
    options.onLost();
  };

  // One session on its own connection (not from the pool): the lock lives as long as it does.
  const session = async (): Promise<void> => {
    const broken = new AbortController();
    /** A function, so that checks after an await are not narrowed away. */
    const isBroken = (): boolean => broken.signal.aborted;
    const onStop = (): void => {
      broken.abort();
    };
    stop.signal.addEventListener("abort", onStop, { once: true });
    const client = new pg.Client({
      connectionString: databaseUrl,
      application_name: LOCK_APPLICATION,
      connectionTimeoutMillis: 5_000,
      query_timeout: Math.max(2 * options.heartbeatMs, 5_000),
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
    });
    // The connection broke: the server has released the lock, so stop acting now, not at the
    // next heartbeat.
    const lost = (why: string): void => {
      if (broken.signal.aborted) return;
      broken.abort();
      standDown(`The bot's lock connection was lost (${why})`);
    };
    client.on("error", (error) => {
      lost(error.message);
    });
    client.on("end", () => {
      if (!stopping()) lost("connection closed");
    });
    try {
      await client.connect();
      let waiting = false;
      for (;;) {
        if (isBroken()) return;
        const { rows } = await client.query<{ locked: boolean }>(
          "select pg_try_advisory_lock($1::bigint) as locked",
          [key],
        );
        if (rows[0]?.locked === true) break;
        standDown("Another bot instance took over this Matrix account");
        if (!waiting) {
          log.info(`Another bot instance is active for ${userId}; waiting for it to stop`);
          waiting = true;
        }
        await pause(options.retryMs, broken.signal);
      }
      if (isBroken()) return;
      if (!held) {
        held = true;
        log.info(`This bot instance is the active one for ${userId}`);
        firstAcquired();
        options.onAcquired();
      }
      while (!isBroken()) {
        await pause(options.heartbeatMs, broken.signal);
        if (!isBroken()) await client.query("select 1");
      }
      if (stopping()) {
        await client.query("select pg_advisory_unlock($1::bigint)", [key]).catch(() => undefined);
      }
    } catch (error) {
      // A failed heartbeat (timeout on a silent network) means the same as a broken connection.
      lost(describeError(error));
      throw error;
    } finally {
      stop.signal.removeEventListener("abort", onStop);
      await client.end().catch(() => undefined);
    }
  };

  const running = (async () => {
    let failures = 0;
    while (!stopping()) {
      try {
        await session();
        failures = 0;
      } catch (error) {
        if (stopping()) break;
        failures++;
        // Once, then now and then: an outage must not flood the log.
        if (failures === 1 || failures % 20 === 0) {
          log.warn(
            `The bot's lock connection failed (${describeError(error)}); waiting for the database, trying every ${options.retryMs} ms`,
          );
        }
      }
      // After losing the lock, compete again only after twice the standby's retry interval, so
      // that a standby (trying every retryMs) takes over rather than this instance.
      if (!stopping()) await pause(failures === 0 ? 2 * options.retryMs : options.retryMs);
    }
    held = false;
  })();

  return {
    acquired,
    get held() {
      return held;
    },
    release: async () => {
      stop.abort();
      await running;
    },
  };
}
