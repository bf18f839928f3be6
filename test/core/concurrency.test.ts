// Many commands for one event at once: over several database connections (PostgreSQL, also from
// two separate pools, as two bot processes would), or interleaved on PGlite's one connection.
// None is lost, none is applied twice, and the version counts each exactly once.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Outcome } from "../../shared/operations/execute.js";
import { openStore } from "../../shared/db/open.js";
import { storeKinds } from "../support/stores.js";
import { TestEvent, fixtureEvent, useStore } from "./support.js";

const COMMANDS = 200;
const topics = Array.from({ length: COMMANDS }, (_, i) => `topic number ${i + 1}`);

/** Sends `next` for every topic at once, the i-th through events[i % events.length]. */
function sendAll(events: TestEvent[]): Promise<Outcome[]> {
  return Promise.all(
    topics.map((topic, i) => {
      const ev = events[i % events.length];
      if (ev === undefined) throw new Error("no event to send through");
      return ev.run(`#swift next ${topic}`);
    }),
  );
}

async function expectAllLanded(ev: TestEvent, outcomes: Outcome[], versionBefore: number) {
  expect(outcomes.filter((o) => o.status === "done" && o.result === "ok")).toHaveLength(COMMANDS);
  const next = (await ev.track("swift")).next;
  expect(next).toHaveLength(COMMANDS);
  expect([...next].sort()).toEqual([...topics].sort());
  const { rows } = await sql<{ position: number }>`
    select n.position from next_topics n join tracks t on t.id = n.track_id
    where t.event_id = ${await ev.id()} and t.name = 'swift' order by n.position`.execute(ev.db);
  expect(rows.map((r) => r.position)).toEqual(topics.map((_, i) => i + 1));
  expect(await ev.version()).toBe(versionBefore + COMMANDS);
  const versions = outcomes.map((o) => (o.status === "done" ? o.version : null));
  expect(new Set(versions).size).toBe(COMMANDS);
}

describe.each(storeKinds())("concurrency (%s)", (kind) => {
  const store = useStore(kind, 10);

  it(`lands ${COMMANDS} concurrent next commands for one track, each once`, async () => {
    const ev = await fixtureEvent(store().db);
    const version = await ev.version();
    await expectAllLanded(ev, await sendAll([ev]), version);
  });

  if (kind === "postgres")
    it(`lands ${COMMANDS} concurrent next commands sent through two separate pools`, async () => {
      const ev = await fixtureEvent(store().db);
      const url = store().url;
      if (url === null) throw new Error("a PostgreSQL test store has a URL");
      const second = await openStore({ kind: "postgres", url, poolSize: 5 });
      try {
        const version = await ev.version();
        const outcomes = await sendAll([ev, new TestEvent(second.db, ev.slug)]);
        await expectAllLanded(ev, outcomes, version);
      } finally {
        await second.close();
      }
    });

  it("gives a contested slot to exactly one of the tracks racing for it", async () => {
    const ev = await fixtureEvent(store().db);
    const racers = ["swift", "nova", "cinder", "manila", "k8s-sig", "uc", "tc", "qa"];
    const outcomes = await Promise.all(racers.map((t) => ev.run(`#${t} book Aspen-FriP1`)));
    const won = outcomes.flatMap((o, i) =>
      o.status === "done" && o.result === "ok" ? [racers[i]] : [],
    );
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "done" && o.result === "refused")).toHaveLength(
      racers.length - 1,
    );
    expect(await ev.booking("Aspen", "FriP1")).toBe(won[0]);
  });

  it("adds a track once when two moderators add it at the same time", async () => {
    const ev = await fixtureEvent(store().db);
    const version = await ev.version();
    const outcomes = await Promise.all([1, 2, 3].map(() => ev.run("~add twin")));
    expect(outcomes.map((o) => (o.status === "done" ? o.result : o.status)).sort()).toEqual([
      "ok",
      "refused",
      "refused",
    ]);
    expect((await ev.state()).tracks.filter((t) => t.name === "twin")).toHaveLength(1);
    expect(await ev.version()).toBe(version + 1);
  });
});
