// LISTEN: notifications arrive until stopped, and a PostgreSQL listener whose connection is
// dropped comes back by itself and hears later changes.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LISTENER_APPLICATION } from "../../shared/db/pg-listener.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";

const waitFor = async (check: () => boolean, what: string, timeout = 15_000): Promise<void> => {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`Still waiting for ${what}`);
    },
    { timeout, interval: 50 },
  );
};

describe.each(storeKinds())("LISTEN on %s", (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(kind);
  });
  afterAll(async () => {
    await store.close();
  });

  it("delivers notifications on its channel until stopped", async () => {
    const heard: string[] = [];
    const stop = await store.listen("ptg_test_stop", (p) => heard.push(p));
    await sql`select pg_notify('ptg_test_stop', 'one'), pg_notify('ptg_other', 'no')`.execute(
      store.db,
    );
    await waitFor(() => heard.includes("one"), "the notification");
    await stop();
    // A second listener on the same channel is the positive signal that 'two' was delivered.
    const witnessed: string[] = [];
    const stopWitness = await store.listen("ptg_test_stop", (p) => witnessed.push(p));
    await sql`select pg_notify('ptg_test_stop', 'two')`.execute(store.db);
    await waitFor(() => witnessed.includes("two"), "the witness to hear 'two'");
    await stopWitness();
    expect(heard).toEqual(["one"]);
  });

  // Only a server connection can be dropped; the embedded database has none (CI sets DATABASE_URL).
  if (kind === "postgres")
    it("reconnects after its connection is terminated", async () => {
      const heard: string[] = [];
      const stop = await store.listen("ptg_test_channel", (p) => heard.push(p));
      try {
        await sql`select pg_notify('ptg_test_channel', 'before')`.execute(store.db);
        await waitFor(() => heard.includes("before"), "the first notification");

        const killed = await sql<{ n: number }>`
        select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where application_name = ${LISTENER_APPLICATION} and datname = current_database()`.execute(
          store.db,
        );
        expect(killed.rows[0]?.n).toBe(1);

        await waitFor(() => {
          void sql`select pg_notify('ptg_test_channel', 'after')`.execute(store.db);
          return heard.includes("after");
        }, "a notification after the reconnect");
      } finally {
        await stop();
      }
    });
});
