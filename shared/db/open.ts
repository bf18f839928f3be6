// Opens the store: PostgreSQL through `pg` when a URL is given, else embedded PGlite in a
// directory (or in memory). Both speak the same SQL, run the same migrations and queries,
// and both can LISTEN for change notifications. The PostgreSQL side (open-postgres.ts, with `pg`)
// loads only when a URL is given: the embedded database starts without it.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
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

export async function openStore(location: StoreLocation): Promise<Store> {
  return location.kind === "postgres"
    ? import("./open-postgres.js").then(({ openPostgres }) =>
        openPostgres(location.url, location.poolSize, location.log),
      )
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
