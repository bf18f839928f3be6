// Opens the store the configuration names and brings its schema up to date: at once (one-shot
// commands fail when the database is down), or, for the long-running `ptg start`, by waiting for
// PostgreSQL with a capped back-off while the rest of the process comes up.
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import type { Config } from "../config.js";
import { isConnectionError, unreachableMessage } from "./connection-errors.js";
import { lockDataDir } from "./data-dir-lock.js";
import { migrateToLatest } from "./migrate.js";
import { openStore, type Store } from "./open.js";
import { initPGliteApart } from "./pglite-initdb.js";

export async function openConfiguredStore(
  config: Pick<Config, "databaseUrl" | "dataDir">,
): Promise<Store> {
  if (config.databaseUrl !== null) {
    const store = await openStore({ kind: "postgres", url: config.databaseUrl });
    try {
      await migrateToLatest(store.db);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }
  const release = lockDataDir(config.dataDir);
  try {
    const dataDir = `${config.dataDir}/pglite`;
    await initPGliteApart(dataDir);
    const store = await openStore({ kind: "pglite", dataDir });
    await migrateToLatest(store.db);
    return {
      ...store,
      close: async () => {
        await store.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export interface WaitingStore {
  /** Usable at once; its queries fail until `ready` resolves. `waitingFor()` says why. */
  store: Store;
  /**
   * Resolves when the database answers and its schema is up to date; rejects on an error that
   * waiting will not cure (e.g. a failed migration) or when the store is closed first.
   */
  ready: Promise<void>;
}

export interface WaitOptions {
  log?: (message: string) => void;
  /** Cap of the back-off between attempts (default 5 s). */
  maxRetryMs?: number;
}

/** `host:port/database` of a connection URL, without the credentials, for log lines. */
export function describeDatabase(url: string): string {
  try {
    const { hostname, port, pathname } = new URL(url);
    return `${hostname || "localhost"}:${port || "5432"}${pathname}`;
  } catch {
    return "the configured database";
  }
}

/**
 * For `ptg start`: opens the store without waiting for PostgreSQL. While the database cannot be
 * reached, it tries again (back-off doubling from 250 ms up to `maxRetryMs`), says so in the log,
 * and reports the reason through `store.waitingFor()` (what /readyz answers); then it migrates.
 * The embedded database is opened at once.
 */
export async function openConfiguredStoreWaiting(
  config: Pick<Config, "databaseUrl" | "dataDir">,
  options: WaitOptions = {},
): Promise<WaitingStore> {
  if (config.databaseUrl === null) {
    return { store: await openConfiguredStore(config), ready: Promise.resolve() };
  }
  const log =
    options.log ??
    ((m: string) => {
      console.error(m);
    });
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  const target = describeDatabase(config.databaseUrl);
  const base = await openStore({ kind: "postgres", url: config.databaseUrl, log });
  const closing = new AbortController();
  const isClosed = (): boolean => closing.signal.aborted;
  // Shown by /readyz to anyone: no host names; the log has them.
  let waitingFor: string | null = "Connecting to the database";

  const ready = (async () => {
    let delayMs = 250;
    let attempts = 0;
    for (;;) {
      try {
        await sql`select 1`.execute(base.db);
        waitingFor = "Bringing the database schema up to date";
        await migrateToLatest(base.db);
        waitingFor = null;
        if (attempts > 0) log(`PostgreSQL at ${target} answers; the schema is up to date`);
        return;
      } catch (error) {
        if (closing.signal.aborted) throw new Error("The store was closed", { cause: error });
        if (!isConnectionError(error)) throw error;
        attempts++;
        const reason = error instanceof Error ? error.message : String(error);
        waitingFor = unreachableMessage(error);
        if (attempts === 1 || attempts % 10 === 0) {
          log(
            `Waiting for PostgreSQL at ${target} (${reason}); trying again every ${maxRetryMs / 1000} s at most`,
          );
        }
        await sleep(delayMs, undefined, { signal: closing.signal }).catch(() => undefined);
        if (isClosed()) throw new Error("The store was closed", { cause: error });
        delayMs = Math.min(delayMs * 2, maxRetryMs);
      }
    }
  })();
  // Whoever awaits `ready` handles its failure; this only keeps it from being "unhandled".
  ready.catch(() => undefined);

  return {
    store: {
      ...base,
      waitingFor: () => waitingFor,
      close: async () => {
        closing.abort();
        await base.close();
      },
    },
    ready,
  };
}
