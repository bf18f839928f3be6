// Opens the store the configuration names and brings its schema up to date.
import type { Config } from "../config.js";
import { lockDataDir } from "./data-dir-lock.js";
import { migrateToLatest } from "./migrate.js";
import { openStore, type Store } from "./open.js";

export async function openConfiguredStore(
  config: Pick<Config, "databaseUrl" | "dataDir">,
): Promise<Store> {
  if (config.databaseUrl !== null) {
    const store = await openStore({ kind: "postgres", url: config.databaseUrl });
    await migrateToLatest(store.db);
    return store;
  }
  const release = lockDataDir(config.dataDir);
  try {
    const store = await openStore({ kind: "pglite", dataDir: `${config.dataDir}/pglite` });
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
