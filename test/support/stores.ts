// Stores for tests: embedded PGlite always, and PostgreSQL when DATABASE_URL is set (CI sets
// it). Each test store is a fresh, migrated database, dropped on close.
import { PGlite } from "@electric-sql/pglite";
import { createHash, randomBytes } from "node:crypto";
import { readFile, readdir, rename, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, vi } from "vitest";
import { migrateToLatest } from "../../shared/db/migrate.js";
import { openStore, type Store } from "../../shared/db/open.js";
import { PGliteDialect } from "../../shared/db/pglite-dialect.js";
import type { Database } from "../../shared/db/schema.js";

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

/**
 * A fresh, migrated PGlite store, loaded from a data directory dumped once per schema and
 * PGlite version (in the system's temp directory): initdb costs seconds of CPU per store,
 * loading the dump a fraction of that. Falls back to openTestStore when that fails.
 */
async function openPGliteStore(): Promise<TestStore> {
  try {
    const pglite = new PGlite({ loadDataDir: await migratedDataDir() });
    await pglite.waitReady;
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    await migrateToLatest(db);
    return {
      db,
      kind: "pglite",
      url: null,
      listen: async (channel, onPayload) => {
        const unsubscribe = await pglite.listen(channel, onPayload);
        return async () => {
          if (!pglite.closed) await unsubscribe();
        };
      },
      close: () => db.destroy(),
    };
  } catch {
    return openTestStore("pglite");
  }
}

async function migratedDataDir(): Promise<Blob> {
  const hash = createHash("sha256");
  const pgliteVersion = new URL(
    "../../node_modules/@electric-sql/pglite/package.json",
    import.meta.url,
  );
  hash.update(await readFile(pgliteVersion));
  const migrations = new URL("../../migrations/", import.meta.url);
  for (const name of (await readdir(migrations)).sort()) {
    hash.update(name).update(await readFile(new URL(name, migrations)));
  }
  const prefix = "ptg-core-pglite-";
  const name = `${prefix}${hash.digest("hex").slice(0, 16)}.tgz`;
  const file = join(tmpdir(), name);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const pglite = new PGlite();
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    await migrateToLatest(db);
    const dump = await pglite.dumpDataDir("gzip");
    await db.destroy();
    const partial = `${file}.${process.pid}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file); // atomic: a concurrent worker reads all of it or nothing
    for (const old of await readdir(tmpdir())) {
      if (old.startsWith(prefix) && old.endsWith(".tgz") && old !== name) {
        await unlink(join(tmpdir(), old)).catch(() => undefined);
      }
    }
    return dump;
  }
}

/**
 * One store for the tests of a describe block, opened before them and closed after: the one
 * way tests get a store (PGlite from a dumped migrated data directory, or a fresh PostgreSQL
 * database).
 */
export function useStore(kind: StoreKind, poolSize?: number): () => TestStore {
  let store: TestStore | undefined;
  beforeAll(async () => {
    store = kind === "pglite" ? await openPGliteStore() : await openTestStore(kind, poolSize);
  });
  afterAll(async () => {
    if (store === undefined) return;
    await store.db.destroy().catch(() => undefined);
    if (store.url !== null) await connectionsGone(store.url);
    await store.close();
  });
  return () => {
    if (store === undefined) throw new Error("the test store is not open");
    return store;
  };
}

/**
 * Waits until a PostgreSQL test database has no sessions left. pg's Pool.end() resolves before
 * its clients have hung up, and the test store's close drops the database WITH (FORCE): a
 * session it terminates then raises an error on the (already ended) pool that nobody handles.
 */
async function connectionsGone(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await vi.waitFor(
      async () => {
        const { rows } = await admin.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where datname = $1",
          [name],
        );
        if (rows[0]?.n !== 0) throw new Error(`sessions are still open on ${name}`);
      },
      { timeout: 2_000, interval: 20 },
    );
  } finally {
    await admin.end();
  }
}
