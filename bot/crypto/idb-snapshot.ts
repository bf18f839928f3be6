// The crypto's store lives in IndexedDB, the only persistent store matrix-sdk-crypto-wasm has. On
// Node that is fake-indexeddb, which keeps it in memory only. This turns the store's databases
// into bytes and back (node:v8's structured serialization, which keeps what IndexedDB keeps:
// Uint8Arrays, Maps, Dates…), so that crypto-store.ts can keep them in the event database and
// put them back before the crypto opens its store after a restart.
import { deserialize, serialize } from "node:v8";

// The few IndexedDB shapes used here (the project compiles without the DOM's types).
interface Request<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface OpenRequest extends Request<Database> {
  onupgradeneeded: (() => void) | null;
  transaction: Transaction | null;
}
interface Cursor {
  primaryKey: unknown;
  value: unknown;
  continue(): void;
}
interface Index {
  name: string;
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
}
interface ObjectStore {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexNames: ArrayLike<string>;
  index(name: string): Index;
  openCursor(): Request<Cursor | null>;
  put(value: unknown, key?: unknown): Request<unknown>;
  createIndex(
    name: string,
    keyPath: string | string[],
    options: { unique: boolean; multiEntry: boolean },
  ): Index;
}
interface Transaction {
  objectStore(name: string): ObjectStore;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  error: unknown;
}
interface Database {
  name: string;
  version: number;
  objectStoreNames: ArrayLike<string>;
  transaction(stores: string[], mode: "readonly" | "readwrite"): Transaction;
  createObjectStore(
    name: string,
    options: { keyPath: string | string[] | null; autoIncrement: boolean },
  ): ObjectStore;
  close(): void;
}
export interface IndexedDbFactory {
  databases(): Promise<{ name?: string; version?: number }[]>;
  open(name: string, version?: number): OpenRequest;
  deleteDatabase(name: string): Request<unknown>;
}

interface StoreDump {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
  records: [unknown, unknown][];
}
interface DatabaseDump {
  name: string;
  version: number;
  stores: StoreDump[];
}

const SNAPSHOT_FORMAT = 1;

function done<T>(request: Request<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(
        request.error instanceof Error ? request.error : new Error("IndexedDB request failed"),
      );
    };
  });
}

function completed(transaction: Transaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => {
      resolve();
    };
    const fail = (): void => {
      reject(
        transaction.error instanceof Error ? transaction.error : new Error("IndexedDB aborted"),
      );
    };
    transaction.onerror = fail;
    transaction.onabort = fail;
  });
}

const names = (list: ArrayLike<string>): string[] => Array.from(list);

async function namesWithPrefix(factory: IndexedDbFactory, prefix: string): Promise<string[]> {
  return (await factory.databases())
    .map((info) => info.name ?? "")
    .filter((name) => name.startsWith(prefix))
    .sort();
}

async function dumpDatabase(factory: IndexedDbFactory, name: string): Promise<DatabaseDump> {
  const db = await done(factory.open(name));
  try {
    const storeNames = names(db.objectStoreNames);
    if (storeNames.length === 0) return { name, version: db.version, stores: [] };
    const transaction = db.transaction(storeNames, "readonly");
    const stores = await Promise.all(
      storeNames.map(async (storeName): Promise<StoreDump> => {
        const store = transaction.objectStore(storeName);
        const records: [unknown, unknown][] = [];
        await new Promise<void>((resolve, reject) => {
          const request = store.openCursor();
          request.onsuccess = () => {
            const cursor = request.result;
            if (cursor === null) {
              resolve();
              return;
            }
            records.push([cursor.primaryKey, cursor.value]);
            cursor.continue();
          };
          request.onerror = () => {
            reject(request.error instanceof Error ? request.error : new Error("cursor failed"));
          };
        });
        return {
          name: storeName,
          keyPath: store.keyPath,
          autoIncrement: store.autoIncrement,
          indexes: names(store.indexNames).map((indexName) => {
            const index = store.index(indexName);
            return {
              name: index.name,
              keyPath: index.keyPath,
              unique: index.unique,
              multiEntry: index.multiEntry,
            };
          }),
          records,
        };
      }),
    );
    return { name, version: db.version, stores };
  } finally {
    db.close();
  }
}

/** Every database whose name starts with `prefix`, as bytes. */
export async function dumpDatabases(factory: IndexedDbFactory, prefix: string): Promise<Buffer> {
  const databases: DatabaseDump[] = [];
  for (const name of await namesWithPrefix(factory, prefix)) {
    databases.push(await dumpDatabase(factory, name));
  }
  return serialize({ format: SNAPSHOT_FORMAT, databases });
}

function parseSnapshot(bytes: Uint8Array): DatabaseDump[] {
  const value = deserialize(bytes) as { format?: unknown; databases?: unknown };
  if (value.format !== SNAPSHOT_FORMAT || !Array.isArray(value.databases)) {
    throw new Error("The stored crypto state is not in a format this version reads");
  }
  return value.databases as DatabaseDump[];
}

async function restoreDatabase(factory: IndexedDbFactory, dump: DatabaseDump): Promise<void> {
  const request = factory.open(dump.name, dump.version);
  request.onupgradeneeded = () => {
    const db = request.result;
    for (const store of dump.stores) {
      const created = db.createObjectStore(store.name, {
        keyPath: store.keyPath,
        autoIncrement: store.autoIncrement,
      });
      for (const index of store.indexes) {
        created.createIndex(index.name, index.keyPath, {
          unique: index.unique,
          multiEntry: index.multiEntry,
        });
      }
    }
  };
  const db = await done(request);
  try {
    if (dump.stores.length === 0) return;
    const transaction = db.transaction(
      dump.stores.map((s) => s.name),
      "readwrite",
    );
    const written = completed(transaction);
    for (const store of dump.stores) {
      const target = transaction.objectStore(store.name);
      for (const [key, value] of store.records) {
        if (store.keyPath === null) target.put(value, key);
        else target.put(value);
      }
    }
    await written;
  } finally {
    db.close();
  }
}

/** Deletes the databases whose name starts with `prefix` (this process's copy of the store). */
export async function deleteDatabases(factory: IndexedDbFactory, prefix: string): Promise<void> {
  for (const name of await namesWithPrefix(factory, prefix)) {
    await done(factory.deleteDatabase(name));
  }
}

/** Replaces the databases with `prefix` by those of a snapshot from dumpDatabases. */
export async function restoreDatabases(
  factory: IndexedDbFactory,
  prefix: string,
  bytes: Uint8Array,
): Promise<void> {
  const dumps = parseSnapshot(bytes);
  await deleteDatabases(factory, prefix);
  for (const dump of dumps) {
    if (!dump.name.startsWith(prefix)) continue;
    await restoreDatabase(factory, dump);
  }
}
