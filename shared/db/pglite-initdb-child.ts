// The child process of pglite-initdb.ts: creates the embedded database in the directory it is
// given, brings its schema up to date, and exits.
import { migrateToLatest } from "./migrate.js";
import { openStore } from "./open.js";

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error("usage: pglite-initdb-child DATA_DIR");
const store = await openStore({ kind: "pglite", dataDir });
try {
  await migrateToLatest(store.db);
} finally {
  await store.close();
}
