// The change feed's scoped reloads against real stores: after a burst of random commands of
// every kind (some at once), the state a stream client builds from the change messages, the
// state the API serves and the feed's cached state all equal a fresh full read; and a change
// to one track reads that track only.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { EventState } from "../../shared/api/event-state.js";
import { applyChange, type StateChange } from "../../shared/api/state-change.js";
import { streamUrl } from "../../shared/api/stream.js";
import { runCommand } from "../../shared/commands/execute.js";
import { execute } from "../../shared/operations/execute.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { ChangeFeed, type FeedEvent } from "../../server/live/change-feed.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { PUBLIC_URL, serverFor, SLUG, SseClient, storeWithFixture, UNTIL_SEEN } from "./support.js";

/** A small seeded generator (mulberry32), so that a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Actor {
  id: string;
  nick: string;
  powerLevel: number;
}

const MOD: Actor = { id: "@mod:test", nick: "mod", powerLevel: 100 };
const PEOPLE: Actor[] = ["ann", "bob", "cyd", "dee"].map((nick) => ({
  id: `@${nick}:test`,
  nick,
  powerLevel: 0,
}));

let counter = 0;

async function run(store: TestStore, text: string, actor: Actor = MOD): Promise<void> {
  await runCommand(
    store.db,
    {
      messageId: `$scoped-${process.pid}-${++counter}`,
      eventSlug: SLUG,
      chatRoomId: null,
      venue: "event-room",
      actor,
      text,
    },
    { helpUrl: `${PUBLIC_URL}/help` },
  );
}

/** One random command of any kind (some are refused: those change nothing). */
function randomCommand(
  next: () => number,
  state: EventState,
  added: string[],
): { text: string; actor: Actor } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const tracks = [...state.tracks.map((t) => t.name).slice(0, 8), ...added];
  const track = pick(tracks);
  const n = Math.floor(next() * 1000);
  const room = pick(state.rooms.filter((r) => !r.name.includes(" ")));
  const slot = pick(Object.keys(room.bookings));
  const person = pick(PEOPLE);
  const commands: (() => { text: string; actor?: Actor })[] = [
    () => ({ text: `#${track} now topic ${n}` }),
    () => ({ text: `#${track} next later ${n}` }),
    () => ({ text: `#${track} clean` }),
    () => ({ text: `#${track} etherpad ${next() < 0.5 ? "auto" : `https://pad.test/${n}`}` }),
    () => ({ text: `#${track} url ${next() < 0.5 ? "none" : `https://meet.test/${n}`}` }),
    () => ({ text: `#${track} color ${pick(["teal", "#abc", "rgb(1, 2, 3)"])}` }),
    () => ({ text: `#${track} location Room ${n}` }),
    () => ({ text: `#${track} book ${room.name}-${slot}` }),
    () => ({ text: `#${track} unbook ${room.name}-${slot}` }),
    () => ({ text: `+in #${track}`, actor: person }),
    () => ({ text: `+in the pub`, actor: person }),
    () => ({ text: `+in ${track}`, actor: person }),
    () => ({ text: "+out", actor: person }),
    () => ({ text: `+subscribe ${track}`, actor: person }),
    () => ({ text: "+unsubscribe", actor: person }),
    () => {
      const name = `added${n}`;
      added.push(name);
      return { text: `~add ${name}` };
    },
    () => ({ text: `~del ${pick(tracks)}` }),
    () => ({ text: `~clean ${pick(tracks)} ${pick(tracks)}` }),
    () => ({ text: `~motd add ${pick(["info", "warning"])} banner ${n}` }),
    () => ({ text: "~motd del 1" }),
    () => ({ text: "~motd reorder 2 1" }),
    () => ({ text: "~motd clean" }),
    () => ({ text: "~requirevoice" }),
    () => ({ text: "~alloweveryone" }),
    () => ({ text: `~name Event ${n}` }),
    () => ({ text: "~newday" }),
  ];
  const made = pick(commands)();
  return { text: made.text, actor: made.actor ?? MOD };
}

async function databaseVersion(store: TestStore): Promise<number> {
  const row = await store.db
    .selectFrom("events")
    .select("version")
    .where("slug", "=", SLUG)
    .executeTakeFirstOrThrow();
  return row.version;
}

describe.each(storeKinds())("ChangeFeed scoped reloads (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    store = await storeWithFixture(kind);
    app = await serverFor(store, { heartbeatMs: 1000 });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("after a random burst of every kind of command, streamed and served states equal a full read", async () => {
    const feed = await ChangeFeed.open(store, { verifyIntervalMs: 0 });
    const client = await SseClient.open(`${base}${streamUrl(SLUG)}`);
    try {
      const first = await client.waitFor(() => true, "the first message");
      expect(first.event).toBe("state");
      const start = JSON.parse(first.data) as EventState;
      await feed.snapshot(SLUG);
      const feedChanges: StateChange[] = [];
      feed.subscribe(SLUG, (e: FeedEvent) => {
        if (e.kind === "change") feedChanges.push(e.change.change);
      });

      const seed = Number(process.env.FEED_SEED ?? Date.now() % 1_000_000);
      const next = random(seed);
      const added: string[] = [];
      const texts: string[] = [];
      for (let round = 0; round < 25; round++) {
        // Several commands at once, by different senders: their notifications interleave
        // with the feeds' reads.
        const batch = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
          randomCommand(next, start, added),
        );
        texts.push(...batch.map((c) => c.text));
        await Promise.all(batch.map((c) => run(store, c.text, c.actor)));
      }

      const version = await databaseVersion(store);
      const fresh = await loadEventState(store.db, SLUG);
      if (fresh === undefined) throw new Error("no event");
      expect(fresh.version).toBe(version);
      const context = `seed ${seed}: ${texts.join(" | ")}`;

      // The stream client's state, built from the change messages alone.
      await client.until(
        () => client.messages.at(-1)?.id === String(version),
        `the change to version ${version}`,
      );
      let streamed: EventState | null = start;
      for (const m of client.messages.slice(1)) {
        expect(m.event, context).toBe("change");
        streamed = streamed && applyChange(streamed, JSON.parse(m.data) as StateChange);
      }
      expect(streamed, context).toEqual(fresh);

      // What the API serves, and what the second feed holds and sent.
      const served = (await app.inject(`/api/v1/events/${SLUG}`)).json<EventState>();
      expect(served, context).toEqual(fresh);
      await vi.waitFor(() => {
        expect(feed.current(SLUG)?.version).toBe(version);
      }, UNTIL_SEEN);
      expect(feed.current(SLUG)?.state, context).toEqual(fresh);
      expect(JSON.parse(feed.current(SLUG)?.json.toString() ?? "null"), context).toEqual(fresh);
      const rebuilt = feedChanges.reduce<EventState | null>(
        (state, change) => state && applyChange(state, change),
        start,
      );
      expect(rebuilt, context).toEqual(fresh);
      // The burst was followed by scoped reads, not by reading the whole event each time.
      expect(feed.stats.reloadsByScope.scoped).toBeGreaterThan(feed.stats.reloadsByScope.full);
    } finally {
      client.close();
      await feed.close();
    }
  });

  it("a change too big to name in a notification is read whole", async () => {
    const feed = await ChangeFeed.open(store, { verifyIntervalMs: 0 });
    try {
      await feed.snapshot(SLUG);
      const before = structuredClone(feed.stats.reloadsByScope);
      // As an operation (a chat line is capped at 4096 characters, under NOTIFY's limit).
      const names = Array.from({ length: 130 }, (_, i) => `big-${"x".repeat(50)}-${String(i)}`);
      const added = await execute(
        store.db,
        { kind: "admin.addTracks", tracks: names },
        MOD,
        { commandId: `$big-${process.pid}`, eventSlug: SLUG, chatRoomId: null, replyTo: null },
        { helpUrl: `${PUBLIC_URL}/help`, onError: () => undefined },
      );
      expect(added.result).toBe("ok");
      const version = await databaseVersion(store);
      await vi.waitFor(() => {
        expect(feed.current(SLUG)?.version).toBe(version);
      }, UNTIL_SEEN);
      expect(feed.stats.reloadsByScope.full).toBe(before.full + 1);
      expect(feed.stats.reloadsByScope.scoped).toBe(before.scoped);
      expect(feed.current(SLUG)?.state).toEqual(await loadEventState(store.db, SLUG));
    } finally {
      await feed.close();
    }
  });

  it("a change to one track reads that track only", async () => {
    const feed = await ChangeFeed.open(store, { verifyIntervalMs: 0 });
    try {
      await feed.snapshot(SLUG);
      const before = structuredClone(feed.stats.reloadsByScope);
      const changes: StateChange[] = [];
      feed.subscribe(SLUG, (e) => {
        if (e.kind === "change") changes.push(e.change.change);
      });

      await run(store, "#nova now scoped reads");
      const version = await databaseVersion(store);
      await vi.waitFor(() => {
        expect(feed.current(SLUG)?.version).toBe(version);
      }, UNTIL_SEEN);
      const after = feed.stats.reloadsByScope;
      expect(after.full).toBe(before.full);
      expect(after.scoped - before.scoped).toBe(1);
      expect(after.tracks - before.tracks).toBe(1);
      expect(after.parts).toEqual(before.parts);

      // The change message names that track only, and the patched state is the full one.
      expect(changes).toHaveLength(1);
      expect(changes[0]?.tracks?.upsert.map((t) => t.name)).toEqual(["nova"]);
      expect(changes[0]?.tracks?.remove).toEqual([]);
      expect(feed.current(SLUG)?.state).toEqual(await loadEventState(store.db, SLUG));

      // A check-in reads who is checked in, not the tracks.
      await run(store, "+in #swift", { id: "@eve:test", nick: "eve", powerLevel: 0 });
      const checkedIn = await databaseVersion(store);
      await vi.waitFor(() => {
        expect(feed.current(SLUG)?.version).toBe(checkedIn);
      }, UNTIL_SEEN);
      expect(feed.stats.reloadsByScope.tracks - before.tracks).toBe(1);
      expect(feed.stats.reloadsByScope.parts.people).toBe((before.parts.people ?? 0) + 1);
      expect(changes[1]?.tracks?.upsert.map((t) => t.name)).toEqual(["swift"]);
      expect(feed.current(SLUG)?.state).toEqual(await loadEventState(store.db, SLUG));
    } finally {
      await feed.close();
    }
  });
});
