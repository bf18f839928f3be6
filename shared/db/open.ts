// Opens the store: PostgreSQL through `pg` when a URL is given, else embedded PGlite in a
// directory (or in memory). Both speak the same SQL, run the same migrations and queries,
// and both can LISTEN for change notifications.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { enableFlushBarrier } from "./durability.js";
import { prepareMarkedStatements } from "./prepared.js";
import { listenPostgres } from "./pg-listener.js";
import { PGliteDialect } from "./pglite-dialect.js";
import type { Database } from "./schema.js";

export type StoreLocation =
  | { kind: "postgres"; url: string; poolSize?: number; log?: (message: string) => void }
  | { kind: "pglite"; dataDir: string | null };

export interface ListenOptions {
  /**
   * Called after a lost LISTEN connection is back: notifications sent meanwhile are lost, so
   * the caller catches up (e.g. compares versions) at once.
   */
  onReconnect?: () => void;
}

/** A listener for NOTIFY payloads on one channel; returns a function that stops listening. */
export type Listen = (
  channel: string,
  onPayload: (payload: string) => void,
  options?: ListenOptions,
) => Promise<() => Promise<void>>;

export interface Store {
  db: Kysely<Database>;
  kind: StoreLocation["kind"];
  listen: Listen;
  close(): Promise<void>;
  /**
   * What the store is still waiting for before it can serve, in words safe to show anyone
   * (e.g. "The database is not reachable (ECONNREFUSED)"), or null when it is ready. Absent:
   * always ready.
   */
  waitingFor?: () => string | null;
}

/** The application_name of the pool's connections, to tell them apart in pg_stat_activity. */
export const POOL_APPLICATION = "ptg-pool";

/** How long opening a connection may take before the query that needs it fails. */
const CONNECT_TIMEOUT_MS = 5_000;

export async function openStore(location: StoreLocation): Promise<Store> {
  return location.kind === "postgres"
    ? Promise.resolve(openPostgres(location.url, location.poolSize, location.log))
    : openPGlite(location.dataDir);
}

async function openPGlite(dataDir: string | null): Promise<Store> {
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
  // PostgreSQL's default 128 MB of shared buffers all end up in the WebAssembly heap, which
  // never shrinks: 16 MB hold an event many times over and keep the process ~130 MB smaller.
  const options = { startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"] };
  const pglite = dataDir === null ? new PGlite(options) : new PGlite(dataDir, options);
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: "pglite",
    listen: async (channel, onPayload) => {
      const unsubscribe = await pglite.listen(channel, onPayload);
      return async () => {
        if (!pglite.closed) await unsubscribe();
      };
    },
    close: () => db.destroy(),
  };
}

const defaultLog = (message: string): void => {
  console.error(message);
};

/**
 * A pool that never lets a dropped connection crash the process. pg-pool listens for a
 * client's 'error' only while the client is idle in the pool; while it is checked out (a query
 * or a transaction in progress) a connection the server drops (restart, failover,
 * pg_terminate_backend) emits 'error' with no listener, which Node turns into an uncaught
 * exception. So every client gets its own listener as soon as the pool creates it: the query in
 * flight fails (and is reported where it runs), and the pool discards the broken client when it
 * is released. Opening does not connect: queries fail while the server is down and work again
 * as soon as it is back.
 */
function openPostgres(url: string, poolSize = 10, log = defaultLog): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: POOL_APPLICATION,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    // A peer that vanished without closing (network cut, host down) is noticed by TCP.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  const lost = (error: Error): void => {
    log(`PostgreSQL connection lost: ${error.message}`);
  };
  pool.on("connect", (client) => {
    client.on("error", lost);
    prepareMarkedStatements(client);
  });
  // An idle client's error is reported by the pool (through its own listener, which removes it).
  pool.on("error", () => undefined);
  // The flush barriers' own connection (db/durability.ts), opened at the first command, and
  // closed with the pool when the store is.
  const barrierPool = new pg.Pool({
    connectionString: url,
    max: 1,
    application_name: "ptg-flush",
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  barrierPool.on("connect", (client) => {
    client.on("error", lost);
  });
  barrierPool.on("error", () => undefined);
  const pools = {
    connect: () => pool.connect(),
    end: async () => {
      await Promise.all([pool.end(), barrierPool.end()]);
    },
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pools }) });
  enableFlushBarrier(db, barrierPool);
  return {
    db,
    kind: "postgres",
    listen: (channel, onPayload, options = {}) =>
      listenPostgres({ url, channel, onPayload, log, ...options }),
    close: () => db.destroy(),
  };
}
