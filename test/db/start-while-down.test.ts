// Opening the store and listening while PostgreSQL is down (a private cluster, stopped): both
// wait, say what they wait for, and work as soon as the server is up, without a restart.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConfiguredStoreWaiting } from "../../shared/db/open-configured.js";
import { openStore } from "../../shared/db/open.js";
import { createPgCluster, type PgCluster } from "../support/pg-cluster.js";

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await createPgCluster();
});
afterAll(async () => {
  await cluster.destroy();
});

describe("PostgreSQL down at start", { timeout: 120_000 }, () => {
  it("the waiting store says why it is not ready, then migrates and is ready", async () => {
    await cluster.stop();
    const logged: string[] = [];
    const { store, ready } = await openConfiguredStoreWaiting(
      { databaseUrl: cluster.url(), dataDir: "/nonexistent" },
      { log: (m) => logged.push(m), maxRetryMs: 200 },
    );
    try {
      await expect(sql`select 1`.execute(store.db)).rejects.toThrow(/ECONNREFUSED/);
      await expect.poll(() => store.waitingFor?.()).toMatch(/not reachable \(ECONNREFUSED\)/);
      expect(logged.join("\n")).toMatch(/Waiting for PostgreSQL at 127\.0\.0\.1:\d+\/ptg/);
      await cluster.start();
      await ready;
      expect(store.waitingFor?.()).toBeNull();
      const tables = await sql<{ n: number }>`
        select count(*)::int as n from information_schema.tables where table_name = 'events'`.execute(
        store.db,
      );
      expect(tables.rows[0]?.n).toBe(1);
    } finally {
      await store.close();
    }
  });

  it("closing the store while it waits ends the wait", async () => {
    await cluster.stop();
    const { store, ready } = await openConfiguredStoreWaiting(
      { databaseUrl: cluster.url(), dataDir: "/nonexistent" },
      { log: () => undefined, maxRetryMs: 200 },
    );
    await store.close();
    await expect(ready).rejects.toThrow(/closed/);
    await cluster.start();
  });

  it("a listener started while the server is down listens once it is up and catches up", async () => {
    await cluster.stop();
    const store = await openStore({ kind: "postgres", url: cluster.url(), log: () => undefined });
    const heard: string[] = [];
    let caughtUp = 0;
    const stop = await store.listen("ptg_test_down", (p) => heard.push(p), {
      onReconnect: () => caughtUp++,
    });
    try {
      await cluster.start();
      await expect.poll(() => caughtUp, { timeout: 30_000 }).toBe(1);
      await sql`select pg_notify('ptg_test_down', 'hello')`.execute(store.db);
      await expect.poll(() => heard, { timeout: 30_000 }).toEqual(["hello"]);
    } finally {
      await stop();
      await store.close();
    }
  });
});
