// Stores for tests: embedded PGlite always, and PostgreSQL when DATABASE_URL is set (CI sets
// it). Each test store is a fresh, migrated database, dropped on close.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateToLatest } from "../../shared/db/migrate.js";
import { openStore, type Store } from "../../shared/db/open.js";

export type StoreKind = "pglite" | "postgres";

/** The store kinds this run must test: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function storeKinds(): StoreKind[] {
  return process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestStore extends Store {
  /** For PostgreSQL: the URL of this test's own database (for a second process or pool). */
  url: string | null;
}

export async function openTestStore(kind: StoreKind, poolSize?: number): Promise<TestStore> {
  if (kind === "pglite") {
    const store = await openStore({ kind: "pglite", dataDir: null });
    await migrateToLatest(store.db);
    return { ...store, url: null };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("DATABASE_URL is not set: cannot open a PostgreSQL test store");
  const name = `ptg_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = await openStore({
    kind: "postgres",
    url: url.toString(),
    ...(poolSize ? { poolSize } : {}),
  });
  await migrateToLatest(store.db);
  return {
    ...store,
    url: url.toString(),
    close: async () => {
      await store.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
