// Opens the store: PostgreSQL through `pg` when a URL is given, else embedded PGlite in a
// directory (or in memory). Both speak the same SQL, run the same migrations and queries,
// and both can LISTEN for change notifications.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { listenPostgres } from "./pg-listener.js";
import { PGliteDialect } from "./pglite-dialect.js";
import type { Database } from "./schema.js";

export type StoreLocation =
  { kind: "postgres"; url: string; poolSize?: number } | { kind: "pglite"; dataDir: string | null };

/** A listener for NOTIFY payloads on one channel; returns a function that stops listening. */
export type Listen = (
  channel: string,
  onPayload: (payload: string) => void,
) => Promise<() => Promise<void>>;

export interface Store {
  db: Kysely<Database>;
  kind: StoreLocation["kind"];
  listen: Listen;
  close(): Promise<void>;
}

export async function openStore(location: StoreLocation): Promise<Store> {
  return location.kind === "postgres"
    ? openPostgres(location.url, location.poolSize)
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

async function openPostgres(url: string, poolSize = 10): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection that the server drops (restart, terminated session) must not crash the
  // process: the pool replaces it, and queries in flight fail and are reported where they run.
  pool.on("error", (error) => {
    console.error(`PostgreSQL connection lost: ${error.message}`);
  });
  // Fail fast and clearly when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: "postgres",
    listen: (channel, onPayload) => listenPostgres({ url, channel, onPayload }),
    close: () => db.destroy(),
  };
}
