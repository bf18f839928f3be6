import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyChange } from "../../shared/api/state-change.js";
import type { Store } from "../../shared/db/open.js";
import { CHANGES_CHANNEL } from "../../shared/store/events.js";
import { ChangeFeed, type FeedEvent } from "../../server/live/change-feed.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { command, SLUG, storeWithFixture } from "./support.js";

/** The test store's database, with every query counted and notifications delivered by hand. */
function controlledStore(store: TestStore) {
  const counter = { queries: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      counter.queries++;
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  let deliver: ((payload: string) => void) | null = null;
  const controlled: Store = {
    db: store.db.withPlugin(plugin),
    kind: store.kind,
    listen: (channel, onPayload) => {
      expect(channel).toBe(CHANGES_CHANNEL);
      deliver = onPayload;
      return Promise.resolve(() => Promise.resolve());
    },
    close: () => Promise.resolve(),
  };
  const notify = (version: number, slug = SLUG): void => {
    deliver?.(JSON.stringify({ slug, version }));
  };
  return { controlled, counter, notify };
}

describe.each(storeKinds())("ChangeFeed (%s)", (kind) => {
  let store: TestStore;

  beforeAll(async () => {
    store = await storeWithFixture(kind);
  });
  afterAll(async () => {
    await store.close();
  });

  it("serves repeated reads from the cache: no query, no new serialization", async () => {
    const { controlled, counter } = controlledStore(store);
    const feed = await ChangeFeed.open(controlled, { verifyIntervalMs: 0 });
    try {
      const first = await feed.snapshot(SLUG);
      const queries = counter.queries;
      expect(queries).toBeGreaterThan(0);
      for (let i = 0; i < 10; i++) {
        const again = await feed.snapshot(SLUG);
        expect(again).toBe(first);
        expect(again?.json).toBe(first?.json);
      }
      expect(counter.queries).toBe(queries);
      expect(feed.stats.reloads).toBe(1);
    } finally {
      await feed.close();
    }
  });

  it("shares one load between concurrent first reads, and does not cache unknown events", async () => {
    const { controlled } = controlledStore(store);
    const feed = await ChangeFeed.open(controlled, { verifyIntervalMs: 0 });
    try {
      const snapshots = await Promise.all([1, 2, 3, 4].map(() => feed.snapshot(SLUG)));
      expect(new Set(snapshots).size).toBe(1);
      expect(feed.stats.reloads).toBe(1);
      expect(await feed.snapshot("nobody")).toBeUndefined();
      expect(feed.size).toBe(1);
    } finally {
      await feed.close();
    }
  });

  it("reloads once per notification burst; a skipped version resumes with the state", async () => {
    const { controlled, notify } = controlledStore(store);
    const feed = await ChangeFeed.open(controlled, { verifyIntervalMs: 0 });
    try {
      const before = await feed.snapshot(SLUG);
      if (before === undefined) throw new Error("no event");
      const events: FeedEvent[] = [];
      feed.subscribe(SLUG, (e) => events.push(e));

      // Three commits, whose notifications arrive together after all of them.
      const versions = [
        await command(store, "#nova now one"),
        await command(store, "#nova now two"),
        await command(store, "#nova now three"),
      ];
      const reloads = feed.stats.reloads;
      for (const v of versions) notify(v);
      const after = await feed.refresh(SLUG);
      expect(after?.version).toBe(versions[2]);
      expect(feed.stats.reloads - reloads).toBeLessThanOrEqual(2);

      // One change message, from the version we had to the one we have.
      expect(events).toHaveLength(1);
      const [event] = events;
      if (event?.kind !== "change") throw new Error("expected a change");
      expect(event.change.change).toMatchObject({ from: before.version, version: versions[2] });
      expect(applyChange(before.state, event.change.change)).toEqual(after?.state);

      expect(feed.changesSince(SLUG, before.version)).toEqual([event.change]);
      expect(feed.changesSince(SLUG, versions[2] ?? -1)).toEqual([]);
      // A version we never had: the client needs the whole state.
      expect(feed.changesSince(SLUG, versions[0] ?? -1)).toBeNull();

      // Notifications for versions already loaded change nothing.
      const settled = feed.stats.reloads;
      for (const v of versions) notify(v);
      expect(feed.stats.reloads).toBe(settled);
    } finally {
      await feed.close();
    }
  });

  it("keeps a bounded history of changes", async () => {
    const { controlled, notify } = controlledStore(store);
    const feed = await ChangeFeed.open(controlled, { verifyIntervalMs: 0, historySize: 2 });
    try {
      const start = await feed.snapshot(SLUG);
      const versions: number[] = [];
      for (const topic of ["a", "b", "c"]) {
        const v = await command(store, `#cinder next ${topic}`);
        versions.push(v);
        notify(v);
        await feed.refresh(SLUG);
      }
      expect(feed.changesSince(SLUG, start?.version ?? -1)).toBeNull();
      const kept = feed.changesSince(SLUG, versions[0] ?? -1);
      expect(kept?.map((c) => c.change.version)).toEqual(versions.slice(1));
    } finally {
      await feed.close();
    }
  });

  it("catches up through the periodic check when a notification is lost", async () => {
    const { controlled } = controlledStore(store);
    const feed = await ChangeFeed.open(controlled, { verifyIntervalMs: 50 });
    try {
      await feed.snapshot(SLUG);
      const version = await command(store, "#swift next lost notification"); // never notified
      await vi.waitFor(
        () => {
          expect(feed.current(SLUG)?.version).toBe(version);
        },
        { timeout: 10_000, interval: 25 },
      );
    } finally {
      await feed.close();
    }
  });
});
