// Change notices to followers (issue 21, item 4): a re-import with one talk moved, one
// cancelled and one added gives the right counts, each follower of a changed talk's track gets
// ONE message naming what changed (old and new) once their minute is up, changes within that
// minute are coalesced, nothing is sent twice, and the moved talk's ICS SEQUENCE goes up.
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../shared/db/schema.js";
import { execute } from "../../shared/operations/execute.js";
import { findEvent } from "../../shared/store/events.js";
import { flushDueNotices } from "../../shared/store/schedule-notices.js";
import { serverFor } from "../server/support.js";
import { readDenver } from "../support/denver.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";
import { c3voc, importDocument, movedCancelledAdded, talkOf } from "./helpers.js";

const SLUG = "tram-notices";

async function follow(
  db: Kysely<Database>,
  userId: string,
  track: string,
  slug = SLUG,
): Promise<void> {
  const done = await execute(
    db,
    { kind: "follow.add", trackName: track },
    { id: userId, nick: userId.slice(1, 4), powerLevel: 0 },
    { commandId: `test:${randomUUID()}`, eventSlug: slug, chatRoomId: null, replyTo: null },
    {
      helpUrl: "http://ptg.test/help",
      onError: (error) => {
        throw error;
      },
    },
  );
  expect(done.result).toBe("ok");
}

/** The notices queued to each Matrix user's DM, as texts. */
async function noticesTo(db: Kysely<Database>): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom("outbox")
    .select(["destination", "message"])
    .where("command_id", "is", null)
    .orderBy("id")
    .execute();
  const byUser = new Map<string, string[]>();
  for (const r of rows) {
    const destination = r.destination as { kind: string; userId?: string };
    if (destination.kind !== "matrix.dm" || destination.userId === undefined) continue;
    const texts = byUser.get(destination.userId) ?? [];
    texts.push((r.message as { text: string }).text);
    byUser.set(destination.userId, texts);
  }
  return byUser;
}

/** SEQUENCE of the VEVENT with this UID. */
function sequenceOf(ics: string, uid: string): number | null {
  const block = ics.split("BEGIN:VEVENT").find((b) => b.includes(`UID:${uid}`));
  const match = block === undefined ? null : /SEQUENCE:(\d+)/.exec(block);
  return match === null ? null : Number(match[1]);
}

describe.each(storeKinds())("change notices to followers (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await openTestStore(kind);
    app = await serverFor(store);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("tells each follower once, coalescing a minute of changes, and raises SEQUENCE", async () => {
    const { db } = store;
    await importDocument(db, SLUG, c3voc());
    await follow(db, "@art:test", "kunst-kultur"); // the moved talk's track
    await follow(db, "@sci:test", "wissenschaft"); // the cancelled (and the added) talk's track
    await follow(db, "@both:test", "kunst-kultur");
    await follow(db, "@both:test", "wissenschaft");
    const moved = "5b0e6a1e-1111-4c4c-8a8a-000000000001@ptg.test";
    const before = (await app.inject(`/events/${SLUG}/ical`)).body;
    expect(sequenceOf(before, moved)).toBe(0);

    const t0 = new Date();
    expect((await importDocument(db, SLUG, movedCancelledAdded())).reply).toBe(
      `Imported into ${SLUG}: 1 added, 1 changed, 1 removed (version 1.0 → 1.1)`,
    );
    // Within the minute, the moved talk moves again: still one notice each, from the first place to the last.
    const again = movedCancelledAdded();
    (again.schedule as Record<string, unknown>).version = "1.2";
    Object.assign(talkOf(again, 0, "Saal Ada", 0), {
      date: "2026-12-27T13:00:00+01:00",
      start: "13:00",
    });
    expect((await importDocument(db, SLUG, again)).reply).toBe(
      `Imported into ${SLUG}: 0 added, 1 changed, 0 removed (version 1.1 → 1.2)`,
    );

    // Not due yet: nothing is sent.
    expect(await flushDueNotices(db, new Date(t0.getTime() + 30_000), { bridgedUsers: null })).toBe(
      0,
    );
    expect(await noticesTo(db)).toEqual(new Map());

    const due = new Date(t0.getTime() + 61_000);
    expect(await flushDueNotices(db, due, { bridgedUsers: null })).toBe(3);
    const sent = await noticesTo(db);
    const movedLine =
      '#kunst-kultur "Über Bäume und Oberleitungen": moved from Sun 27 Dec 10:00–10:45 to Sun 27 Dec 13:00–13:45';
    const cancelledLine =
      '#wissenschaft "Ampelvorrang für Straßenbahnen": cancelled (was Mon 28 Dec 11:00–11:20, Salle Émile)';
    expect(sent.get("@art:test")).toEqual([`Schedule change in a track you follow:\n${movedLine}`]);
    expect(sent.get("@sci:test")).toEqual([
      `Schedule change in a track you follow:\n${cancelledLine}`,
    ]);
    expect(sent.get("@both:test")).toEqual([
      `Schedule changes in tracks you follow:\n${movedLine}\n${cancelledLine}`,
    ]);

    // Exactly once: a second flush, later, sends nothing more.
    expect(
      await flushDueNotices(db, new Date(due.getTime() + 120_000), { bridgedUsers: null }),
    ).toBe(0);
    expect([...(await noticesTo(db)).values()].flat()).toHaveLength(3);

    // The calendar follows: the moved talk's SEQUENCE went up (once per import that moved it).
    await vi.waitFor(async () => {
      const ics = (await app.inject(`/events/${SLUG}/ical`)).body;
      expect(sequenceOf(ics, moved)).toBe(2);
    });
    expect((await findEvent(db, SLUG))?.time_zone).toBe("Europe/Berlin");
  });

  it("tells followers of a PTGbot re-import's moved booking and of a track's new link", async () => {
    const { db } = store;
    const slug = "den-notices";
    const doc = readDenver() as { schedule: Record<string, Record<string, string>> };
    await importDocument(db, slug, doc);
    await follow(db, "@ops:test", "ops-meetup", slug);
    const t0 = new Date();
    // ops-meetup leaves Aspen MonP2 for Aspen FriA1.
    const aspen = doc.schedule.Aspen ?? {};
    aspen.MonP2 = "";
    aspen.FriA1 = "ops-meetup";
    expect((await importDocument(db, slug, doc)).result).toBe("ok");
    // A moderator gives the track a meeting link: its followers (not the moderator) hear of it.
    await execute(
      db,
      { kind: "track.url", track: "ops-meetup", url: "https://meet.example.org/ops" },
      { id: "@mod:test", nick: "mod", powerLevel: 100 },
      { commandId: `test:${randomUUID()}`, eventSlug: slug, chatRoomId: null, replyTo: null },
      {
        helpUrl: "http://ptg.test/help",
        onError: (error) => {
          throw error;
        },
      },
    );
    expect(await flushDueNotices(db, new Date(t0.getTime() + 61_000), { bridgedUsers: null })).toBe(
      1,
    );
    const sent = (await noticesTo(db)).get("@ops:test");
    expect(sent).toEqual([
      "Schedule changes in tracks you follow:\n" +
        "#ops-meetup Aspen-MonP2: moved from MonP2 (15:15-17:00) to FriA1 (09:00-10:45)\n" +
        "#ops-meetup meeting link: link none → https://meet.example.org/ops",
    ]);
  });
});
