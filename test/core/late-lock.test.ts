// `#TRACK now` on PostgreSQL takes its event's lock in its last statement, and commits without
// waiting for the disk, then waits for a flush barrier (operations/execute.ts LOCK_LATE,
// db/durability.ts). Many at once, mixed with commands that lock first, a track deleted
// meanwhile, a redelivered message: none is lost or doubled, none fails, and version order is
// commit order.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { flushBarrierOf } from "../../shared/db/durability.js";
import type { Outcome } from "../../shared/operations/execute.js";
import { fixtureEvent, newMessageId, useStore } from "./support.js";

const TRACKS = ["swift", "nova", "cinder", "manila"];

const results = (outcomes: Outcome[]): string[] =>
  outcomes.map((o) => (o.status === "done" ? o.result : o.status));

describe.skipIf(!process.env.DATABASE_URL)("late event lock (postgres)", () => {
  const store = useStore("postgres", 10);

  it("lands concurrent nows once each, the last version's topic last", async () => {
    const ev = await fixtureEvent(store().db);
    const before = await ev.version();
    const texts = Array.from({ length: 80 }, (_, i) => ({
      track: TRACKS[i % TRACKS.length] ?? "swift",
      topic: `topic ${String(i)}`,
    }));
    const outcomes = await Promise.all(texts.map((t) => ev.run(`#${t.track} now ${t.topic}`)));
    expect(results(outcomes)).toEqual(texts.map(() => "ok"));
    const versions = outcomes.map((o) => (o.status === "done" ? o.version : null));
    expect(new Set(versions).size).toBe(texts.length);
    expect(await ev.version()).toBe(before + texts.length);
    for (const track of TRACKS) {
      // The topic a track shows is that of its command with the highest version: versions
      // were taken in commit order.
      let last = { version: -1, topic: "" };
      texts.forEach((t, i) => {
        const version = versions[i] ?? -1;
        if (t.track === track && version > last.version) last = { version, topic: t.topic };
      });
      expect((await ev.track(track)).now?.topic).toBe(last.topic);
    }
  });

  it("lands nows mixed with commands that lock first on the same tracks", async () => {
    const ev = await fixtureEvent(store().db);
    const before = await ev.version();
    const texts = Array.from({ length: 60 }, (_, i) => {
      const track = TRACKS[i % TRACKS.length] ?? "swift";
      return i % 3 === 0
        ? `#${track} location Room ${String(i)}`
        : i % 3 === 1
          ? `#${track} now topic ${String(i)}`
          : `#${track} next topic ${String(i)}`;
    });
    const outcomes = await Promise.all(texts.map((text) => ev.run(text)));
    expect(results(outcomes)).toEqual(texts.map(() => "ok"));
    expect(await ev.version()).toBe(before + texts.length);
  });

  it("refuses the nows that come after their track was deleted, and fails none", async () => {
    const ev = await fixtureEvent(store().db);
    const nows = Array.from({ length: 30 }, (_, i) => ev.run(`#swift now topic ${String(i)}`));
    const deleted = ev.run("~del swift");
    const outcomes = await Promise.all([...nows, deleted]);
    expect(results(outcomes).filter((r) => r !== "ok" && r !== "refused")).toEqual([]);
    expect(results(outcomes).at(-1)).toBe("ok");
    for (const o of outcomes) {
      if (o.status === "done" && o.result === "refused") expect(o.reply).toMatch(/Unknown track/);
    }
    expect((await ev.state()).tracks.some((t) => t.name === "swift")).toBe(false);
  });

  it("applies a message redelivered while it runs once", async () => {
    const ev = await fixtureEvent(store().db);
    const before = await ev.version();
    const messageId = newMessageId();
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => ev.run("#nova now once only", { messageId })),
    );
    expect(outcomes.filter((o) => o.status === "done")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "duplicate")).toHaveLength(2);
    expect(await ev.version()).toBe(before + 1);
  });

  it("has the WAL flushed past every commit before a barrier resolves", async () => {
    const barrier = flushBarrierOf(store().db);
    if (barrier === undefined) throw new Error("a PostgreSQL store has a flush barrier");
    const ev = await fixtureEvent(store().db);
    // A commit that does not wait for the disk, then where the WAL ends.
    const written = await store()
      .db.transaction()
      .execute(async (trx) => {
        await sql`select set_config('synchronous_commit', 'off', true)`.execute(trx);
        await sql`update events set updated_at = now() where slug = ${ev.slug}`.execute(trx);
        const { rows } = await sql<{ lsn: string }>`
          select pg_current_wal_insert_lsn()::text as lsn`.execute(trx);
        return rows[0]?.lsn ?? "0/0";
      });
    await Promise.all(Array.from({ length: 20 }, () => barrier.flush()));
    const { rows: after } = await sql<{ ok: boolean }>`
      select pg_current_wal_flush_lsn() >= ${written}::pg_lsn as ok`.execute(store().db);
    expect(after[0]?.ok).toBe(true);
  });
});
