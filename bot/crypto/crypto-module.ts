// Loads the WebAssembly crypto (@matrix-org/matrix-sdk-crypto-wasm) and the in-memory IndexedDB
// it keeps its store in (fake-indexeddb), on first need only: a bot with no encrypted room and
// no crypto identity never loads either.
import type * as Sdk from "@matrix-org/matrix-sdk-crypto-wasm";
import type { IndexedDbFactory } from "./idb-snapshot.js";

export type CryptoSdk = typeof Sdk;

export interface LoadedCrypto {
  sdk: CryptoSdk;
  indexedDb: IndexedDbFactory;
}

let loading: Promise<LoadedCrypto> | undefined;

export function loadCrypto(): Promise<LoadedCrypto> {
  loading ??= (async () => {
    // The crypto looks for IndexedDB (indexedDB, IDBKeyRange…) among the globals.
    const fake = (await import("fake-indexeddb")) as unknown as Record<string, unknown>;
    const globals = globalThis as unknown as Record<string, unknown>;
    for (const name of Object.keys(fake)) {
      if (name === "indexedDB" || name.startsWith("IDB")) globals[name] ??= fake[name];
    }
    const sdk = await import("@matrix-org/matrix-sdk-crypto-wasm");
    await sdk.initAsync();
    return { sdk, indexedDb: globals.indexedDB as IndexedDbFactory };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Whether this process has begun loading the module (for the test that plain rooms never do). */
export function cryptoLoaded(): boolean {
  return loading !== undefined;
}
