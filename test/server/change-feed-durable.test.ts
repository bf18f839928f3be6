// A command on PostgreSQL commits before its WAL is on disk and waits for a flush barrier after
// (shared/db/durability.ts). The live feed publishes what a read saw only once a barrier after
// the read is done: viewers never see a version a database crash would undo.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { enableFlushBarrier } from "../../shared/db/durability.js";
import type { Store } from "../../shared/db/open.js";
import { CHANGES_CHANNEL } from "../../shared/store/events.js";
import { ChangeFeed } from "../../server/live/change-feed.js";
import type { TestStore } from "../support/stores.js";
import { command, SLUG, storeWithFixture } from "./support.js";

describe("the live feed waits for the disk (postgres)", () => {
  let store: TestStore;

  beforeAll(async () => {
    store = await storeWithFixture("postgres");
  });
  afterAll(async () => {
    await store.close();
  });

  it("publishes a change only after a flush barrier that follows its read", async () => {
    const listener: { deliver?: (payload: string) => void } = {};
    let queries = 0;
    const feedStore: Store = {
      // A Kysely of its own, so that the barrier below is this feed's alone.
      db: store.db.withPlugin({
        transformQuery: (args) => {
          queries++;
          return args.node;
        },
        transformResult: (args) => Promise.resolve(args.result),
      }),
      kind: store.kind,
      listen: (channel, onPayload) => {
        expect(channel).toBe(CHANGES_CHANNEL);
        listener.deliver = onPayload;
        return Promise.resolve(() => Promise.resolve());
      },
      close: () => Promise.resolve(),
    };
    const feed = await ChangeFeed.open(feedStore, { verifyIntervalMs: 0 });
    const barrierPool = new pg.Pool({ connectionString: store.url ?? "", max: 1 });
    let held: pg.PoolClient | null = null;
    try {
      const before = (await feed.snapshot(SLUG))?.version ?? -1;
      // The barrier's only connection is held: no barrier can finish.
      held = await barrierPool.connect();
      enableFlushBarrier(feedStore.db, barrierPool);
      const version = await command(store, "#swift now durable topic");
      const read = queries;
      listener.deliver?.(JSON.stringify({ slug: SLUG, version }));
      await vi.waitFor(() => {
        expect(queries).toBeGreaterThan(read);
      });
      // Read, not published: the barrier waits for its connection.
      expect((await feed.snapshot(SLUG))?.version).toBe(before);
      held.release();
      held = null;
      await vi.waitFor(async () => {
        expect((await feed.snapshot(SLUG))?.version).toBe(version);
      });
    } finally {
      held?.release();
      await feed.close();
      await barrierPool.end();
    }
  });
});
