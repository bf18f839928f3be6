// The crypto's persistence on both stores: an IndexedDB database (fake-indexeddb, as the crypto
// uses it) turned into bytes, kept in the event database and put back record for record; and the
// encrypted events that wait for their room key.
import { describe, expect, it } from "vitest";
import { CryptoStore } from "../../bot/crypto/crypto-store.js";
import {
  deleteDatabases,
  dumpDatabases,
  restoreDatabases,
  type IndexedDbFactory,
} from "../../bot/crypto/idb-snapshot.js";
import { UndecryptedEvents } from "../../bot/crypto/undecrypted.js";
import { storeKinds, useStore } from "../support/stores.js";

interface Db {
  transaction(
    stores: string[],
    mode: string,
  ): { objectStore(n: string): { get(k: unknown): { result: unknown; onsuccess: () => void } } };
  createObjectStore(
    name: string,
    options: { keyPath: string | null; autoIncrement?: boolean },
  ): { put(v: unknown, k?: unknown): void; createIndex(n: string, p: string): void };
  close(): void;
}

async function factory(): Promise<IndexedDbFactory> {
  const fake = (await import("fake-indexeddb")) as unknown as { IDBFactory: new () => unknown };
  return new fake.IDBFactory() as IndexedDbFactory;
}

function open(idb: IndexedDbFactory, name: string, upgrade?: (db: Db) => void): Promise<Db> {
  return new Promise((resolve, reject) => {
    const request = idb.open(name, 3);
    request.onupgradeneeded = () => upgrade?.(request.result as unknown as Db);
    request.onsuccess = () => {
      resolve(request.result as unknown as Db);
    };
    request.onerror = () => {
      reject(new Error("open failed"));
    };
  });
}

function read(db: Db, store: string, key: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const request = db.transaction([store], "readonly").objectStore(store).get(key);
    request.onsuccess = () => {
      resolve(request.result);
    };
  });
}

describe.each(storeKinds())("the crypto's persistence on %s", (kind) => {
  const store = useStore(kind);

  it("keeps an IndexedDB store in the database and puts it back, record for record", async () => {
    const idb = await factory();
    const db = await open(idb, "ptg-crypto @bot:x::main", (d) => {
      const keyed = d.createObjectStore("sessions", { keyPath: "id" });
      keyed.createIndex("by_room", "room");
      keyed.put({ id: "s1", room: "!r", pickle: new Uint8Array([1, 2, 3]) });
      const loose = d.createObjectStore("core", { keyPath: null });
      loose.put(new Map([["a", 1]]), ["account", 7]);
    });
    db.close();
    await open(idb, "someone else's", (d) => d.createObjectStore("x", { keyPath: null })).then(
      (other) => {
        other.close();
      },
    );

    const snapshot = await dumpDatabases(idb, "ptg-crypto @bot:x");
    const crypto = new CryptoStore(store().db, "@bot:x");
    await crypto.save("DEVICE", snapshot);
    await deleteDatabases(idb, "ptg-crypto @bot:x");
    expect((await idb.databases()).map((d) => d.name)).toEqual(["someone else's"]);

    const stored = await new CryptoStore(store().db, "@bot:x").read();
    expect(stored?.deviceId).toBe("DEVICE");
    await restoreDatabases(idb, "ptg-crypto @bot:x", stored?.snapshot ?? new Uint8Array());
    const back = await open(idb, "ptg-crypto @bot:x::main");
    expect(await read(back, "sessions", "s1")).toEqual({
      id: "s1",
      room: "!r",
      pickle: new Uint8Array([1, 2, 3]),
    });
    expect(await read(back, "core", ["account", 7])).toEqual(new Map([["a", 1]]));
    back.close();

    expect(await new CryptoStore(store().db, "@other:x").read()).toBeUndefined();
    await crypto.remove();
    expect(await crypto.read()).toBeUndefined();
  });

  it("refuses a snapshot it cannot read, and changes nothing", async () => {
    const idb = await factory();
    await expect(restoreDatabases(idb, "p", new Uint8Array([1, 2, 3]))).rejects.toThrow();
    expect(await idb.databases()).toEqual([]);
  });

  it("keeps undecryptable events until they are handled, once each", async () => {
    const waiting = new UndecryptedEvents(store().db);
    const event = {
      event_id: "$e1",
      type: "m.room.encrypted",
      sender: "@ann:x",
      origin_server_ts: 5,
      room_id: "!r",
      content: { ciphertext: "c" },
    };
    await waiting.keep("!r", event);
    await waiting.keep("!r", event);
    const rows = await waiting.waiting();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ roomId: "!r", event: { eventId: "$e1", sender: "@ann:x" } });
    await waiting.remove(["$e1"]);
    expect(await waiting.waiting()).toEqual([]);
  });
});
