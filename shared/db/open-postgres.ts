// Opens the PostgreSQL store (see open.ts): a pool of `pg` connections, the flush barriers' own
// connection, and LISTEN on a connection of its own.
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { enableFlushBarrier } from "./durability.js";
import { POOL_APPLICATION, type Store } from "./open.js";
import { listenPostgres } from "./pg-listener.js";
import { prepareMarkedStatements } from "./prepared.js";
import type { Database } from "./schema.js";

/** How long opening a connection may take before the query that needs it fails. */
const CONNECT_TIMEOUT_MS = 5_000;

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
export function openPostgres(url: string, poolSize = 10, log = defaultLog): Store {
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
