import { sql } from "kysely";
import { describe, expect, it, vi } from "vitest";
import { holdInstanceLock, lockKey } from "../../bot/sync/instance-lock.js";
import { DatabaseStorageProvider } from "../../bot/sync/storage.js";
import { storeKinds, useStore } from "../support/stores.js";
import { recordingLog } from "./support.js";

describe.each(storeKinds())("the bot's state on %s", (kind) => {
  const store = useStore(kind);

  it("keeps the sync token, filter and values per account", async () => {
    const a = new DatabaseStorageProvider(store().db, "@a:example.org");
    const b = new DatabaseStorageProvider(store().db, "@b:example.org");
    expect(await a.getSyncToken()).toBeNull();
    expect(await a.getFilter()).toBeNull();
    await a.setSyncToken("s1");
    await a.setSyncToken("s2");
    await b.setSyncToken("t1");
    expect(await a.getSyncToken()).toBe("s2");
    expect(await b.getSyncToken()).toBe("t1");
    await a.setFilter({ id: 7, filter: { room: {} } });
    expect(await a.getFilter()).toEqual({ id: 7, filter: { room: {} } });
    await a.storeValue("k", "v");
    expect(await a.readValue("k")).toBe("v");
    expect(await b.readValue("k")).toBeNull();
    await a.setSyncToken(null);
    expect(await a.getSyncToken()).toBeNull();
  });

  it("writes nothing once closed", async () => {
    const a = new DatabaseStorageProvider(store().db, "@closed:example.org");
    await a.setSyncToken("s1");
    a.close();
    await a.setSyncToken("s2");
    expect(await a.getSyncToken()).toBe("s1");
  });

  it("lets one instance at a time hold the account's lock", async () => {
    const log = recordingLog();
    const events: string[] = [];
    const options = (name: string) => ({
      log,
      retryMs: 50,
      heartbeatMs: 50,
      onLost: () => events.push(`${name} lost`),
      onAcquired: () => events.push(`${name} acquired`),
    });
    const first = holdInstanceLock(store(), store().url, "@bot:example.org", options("first"));
    await first.acquired;
    const second = holdInstanceLock(store(), store().url, "@bot:example.org", options("second"));
    const other = holdInstanceLock(store(), store().url, "@otherbot:example.org", options("other"));
    await other.acquired;
    if (kind === "postgres") {
      // The positive signal that the second one asked and was refused: it says it waits.
      await vi.waitFor(() => {
        expect(log.lines).toContain(
          "info: Another bot instance is active for @bot:example.org; waiting for it to stop",
        );
      });
      expect(events).not.toContain("second acquired");
      await first.release();
      await second.acquired;
      expect(events).toEqual(["first acquired", "other acquired", "second acquired"]);
    } else {
      await second.acquired; // PGlite: the process is alone with its database
      await first.release();
    }
    await second.release();
    await other.release();
  });

  // PostgreSQL only: with PGlite the process is alone with its database.
  if (kind === "postgres") {
    it("stands down at once when its lock connection breaks; another instance takes over", async () => {
      const log = recordingLog();
      const events: string[] = [];
      const options = (name: string, retryMs: number) => ({
        log,
        retryMs,
        heartbeatMs: 50,
        onLost: () => events.push(`${name} lost`),
        onAcquired: () => events.push(`${name} acquired`),
      });
      const first = holdInstanceLock(
        store(),
        store().url,
        "@cut:example.org",
        options("first", 1000),
      );
      await first.acquired;
      const second = holdInstanceLock(
        store(),
        store().url,
        "@cut:example.org",
        options("second", 50),
      );
      // The first instance's lock connection is cut (e.g. a database failover).
      const { rows } = await sql<{ pid: number }>`
        select pid from pg_locks
        where locktype = 'advisory' and granted
          and database = (select oid from pg_database where datname = current_database())
          and objid = ${Number(BigInt.asUintN(32, BigInt(lockKey("@cut:example.org"))))}`.execute(
        store().db,
      );
      expect(rows).toHaveLength(1);
      await sql`select pg_terminate_backend(${rows[0]?.pid ?? 0})`.execute(store().db);
      await second.acquired;
      // The first one stops acting as soon as its client sees the connection closed; the second,
      // retrying every 50 ms, may take the lock a moment before that (the outbox's fence keeps
      // them from both sending), so only the order of each one's own events is certain.
      await vi.waitFor(
        () => {
          expect(events).toContain("first lost");
        },
        { timeout: 5_000 },
      );
      expect(events.indexOf("first acquired")).toBe(0);
      expect([...events].sort()).toEqual(["first acquired", "first lost", "second acquired"]);
      await first.release();
      await second.release();
    }, 15_000);
  }

  it("derives a stable signed 64-bit key from the user id", () => {
    expect(lockKey("@bot:example.org")).toBe(lockKey("@bot:example.org"));
    expect(lockKey("@bot:example.org")).not.toBe(lockKey("@bot2:example.org"));
    expect(BigInt(lockKey("@bot:example.org")) < 2n ** 63n).toBe(true);
  });
});
