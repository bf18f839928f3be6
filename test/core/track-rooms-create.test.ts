// `~trackrooms create [TRACK…]` and `~space [ROOM_OR_ALIAS]` in the core (issue 20), on every
// store: what they queue for the bot, what they refuse, and that the bot's records count once.
// The Matrix side runs against Synapse in test/bot/track-rooms-*.test.ts.
import { describe, expect, it } from "vitest";
import { execute } from "../../shared/operations/execute.js";
import type { Operation } from "../../shared/operations/operation.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { batchProgress, eventSpace, nextPendingJob } from "../../shared/store/track-room-jobs.js";
import { eventTrackRooms } from "../../shared/store/track-rooms.js";
import { storeKinds } from "../support/stores.js";
import { alice, HELP_URL, mod, plainEvent, useStore, type TestEvent } from "./support.js";

const ROOM = "!main:example.org";

/** Runs what the bot records, as the bot does: once per command id. */
const record = (ev: TestEvent, commandId: string, operation: Operation) =>
  execute(
    ev.db,
    operation,
    { id: "@bot:example.org", nick: "ptgbot", powerLevel: 100 },
    { commandId, eventSlug: ev.slug, chatRoomId: null, replyTo: null },
    {
      helpUrl: HELP_URL,
      onError: (error) => {
        throw error;
      },
    },
  );

async function jobs(ev: TestEvent) {
  return ev.db
    .selectFrom("track_room_jobs")
    .innerJoin("tracks", "tracks.id", "track_room_jobs.track_id")
    .select(["track_room_jobs.id", "track_room_jobs.batch_id", "tracks.name", "state"])
    .where("track_room_jobs.event_id", "=", await ev.id())
    .orderBy("track_room_jobs.id")
    .execute();
}

describe.each(storeKinds())("~trackrooms create and ~space (%s)", (kind) => {
  const store = useStore(kind);

  it("queues a job per track without a room, once, and records the bot's outcomes once", async () => {
    const ev = await plainEvent(store().db, ["nova", "swift", "zun"]);
    await ev.ok("~trackroom zun", { chatRoomId: "!zun:example.org" });
    expect(await ev.reply("~trackrooms create", { chatRoomId: ROOM })).toBe(
      "Creating 2 rooms in the event's Space (#nova #swift); I will report progress here",
    );
    expect((await jobs(ev)).map((j) => [j.name, j.state])).toEqual([
      ["nova", "pending"],
      ["swift", "pending"],
    ]);
    expect(await ev.reply("~trackrooms create", { chatRoomId: ROOM })).toBe(
      "Nothing to create; already under way: #nova #swift",
    );
    expect(await ev.reply("~trackrooms create zun nova", { chatRoomId: ROOM })).toBe(
      "Nothing to create; #zun already had a room; already under way: #nova",
    );

    const next = await nextPendingJob(ev.db);
    expect(next).toMatchObject({
      track: "nova",
      replyTo: { kind: "matrix.room", roomId: ROOM, to: { userId: mod.id } },
    });
    const [nova, swift] = await jobs(ev);
    if (nova === undefined || swift === undefined) throw new Error("no jobs");
    const created: Operation = {
      kind: "trackRooms.created",
      job: nova.id,
      track: "nova",
      roomId: "!nova:example.org",
      alias: `#${ev.slug}-nova:example.org`,
    };
    const first = await record(ev, "created:1", created);
    expect(first.reply).toBe("");
    // Recorded again (a retry under another id): the job is finished, nothing changes.
    const again = await record(ev, "created:1-again", created);
    expect(again).toMatchObject({ result: "ok", reply: "" });
    expect(await eventTrackRooms(ev.db, await ev.id())).toEqual(
      new Map([
        ["nova", "!nova:example.org"],
        ["zun", "!zun:example.org"],
      ]),
    );
    const failed = await record(ev, "failed:2", {
      kind: "trackRooms.failed",
      batch: swift.batch_id,
      job: swift.id,
      error: "M_FORBIDDEN: no",
    });
    expect(failed.reply).toBe(
      "Could not create #swift's room: M_FORBIDDEN: no (Track rooms: 1 of 2 created; 1 failed: #swift)",
    );
    expect(await batchProgress(ev.db, swift.batch_id)).toEqual({
      total: 2,
      done: 1,
      failed: ["swift"],
      pending: 0,
    });
    // A failed track may be asked for again.
    expect(await ev.reply("~trackrooms create swift", { chatRoomId: ROOM })).toBe(
      "Creating a room in the event's Space (#swift); I will report progress here",
    );
    // Told once per batch that the homeserver paces it.
    const paced: Operation = { kind: "trackRooms.paced", batch: swift.batch_id, waitSeconds: 63 };
    expect((await record(ev, "paced:a", paced)).reply).toBe(
      "The homeserver limits room creation: 1 of 2 track rooms created so far, the other 0 follow at its pace (the next in about 63 s)",
    );
    expect((await record(ev, "paced:b", paced)).reply).toBe("");
  });

  it("lists only public track rooms in the public state", async () => {
    const ev = await plainEvent(store().db, ["nova", "swift"]);
    await ev.ok("~trackroom nova", { chatRoomId: `!nova-${ev.slug}` });
    await ev.ok("~trackroom swift", { chatRoomId: `!swift-${ev.slug}` });
    await ev.db
      .insertInto("matrix_room_power")
      .values([
        { room_id: `!nova-${ev.slug}`, join_rule: "public" },
        { room_id: `!swift-${ev.slug}`, join_rule: "invite" },
      ])
      .execute();
    const state = await loadEventState(ev.db, ev.slug);
    expect(state?.trackRooms).toEqual([{ track: "nova", roomId: `!nova-${ev.slug}`, alias: null }]);
    expect(JSON.stringify(state)).not.toContain("!swift");
  });

  it("records the Space the bot made or adopted; a later ~space replaces an adoption under way", async () => {
    const ev = await plainEvent(store().db, ["nova"]);
    expect(await ev.reply("~space", { chatRoomId: ROOM })).toBe(
      "The event has no Space yet (~trackrooms create makes one, ~space ROOM_OR_ALIAS adopts one)",
    );
    await ev.ok("~space #a:example.org", { chatRoomId: ROOM });
    await ev.ok("~space !b:example.org", { chatRoomId: ROOM });
    expect(await ev.reply("~space", { chatRoomId: ROOM })).toBe(
      "The event has no Space yet (~trackrooms create makes one, ~space ROOM_OR_ALIAS adopts one); checking !b:example.org to replace it",
    );
    const stale = await record(ev, "adopt-a", {
      kind: "trackRooms.spaceAdopted",
      target: "#a:example.org",
      roomId: "!a:example.org",
      alias: "#a:example.org",
      error: null,
    });
    expect(stale.reply).toBe("");
    const adopted = await record(ev, "adopt-b", {
      kind: "trackRooms.spaceAdopted",
      target: "!b:example.org",
      roomId: "!b:example.org",
      alias: null,
      error: null,
    });
    expect(adopted.reply).toBe("The event's Space is now !b:example.org");
    const made = await record(ev, "made", {
      kind: "trackRooms.spaceCreated",
      roomId: "!c:example.org",
      alias: null,
    });
    expect(made.reply).toBe("");
    expect(await eventSpace(ev.db, await ev.id())).toEqual({
      roomId: "!b:example.org",
      alias: null,
      adoptTarget: null,
    });
  });

  it("refuses bad input with one clear reply and changes nothing", async () => {
    const ev = await plainEvent(store().db, ["nova"]);
    expect(await ev.refused("~trackrooms create svift", { chatRoomId: ROOM })).toBe(
      "Unknown track 'svift'",
    );
    expect(await ev.refused("~trackrooms create no/such", { chatRoomId: ROOM })).toBe(
      "Usage: ~trackrooms create [TRACK…]",
    );
    expect(await ev.refused("~trackrooms create", { chatRoomId: ROOM, actor: alice })).toBe(
      "Need op for admin commands",
    );
    expect(await ev.refused("~trackrooms create", { chatRoomId: "console" })).toBe(
      "Say ~trackrooms create in a Matrix room of the event: I report there how it goes",
    );
    expect(await ev.refused("~space not-a-room", { chatRoomId: ROOM })).toBe(
      "Usage: ~space [!ROOM_ID or #ALIAS:SERVER]",
    );
    expect(await ev.refused("~space #a:example.org #b:example.org", { chatRoomId: ROOM })).toBe(
      "Usage: ~space [!ROOM_ID or #ALIAS:SERVER]",
    );
    expect(await ev.refused("~space #a:example.org", { chatRoomId: ROOM, actor: alice })).toBe(
      "Need op for admin commands",
    );
    expect(await jobs(ev)).toEqual([]);
    expect(await eventSpace(ev.db, await ev.id())).toEqual({
      roomId: null,
      alias: null,
      adoptTarget: null,
    });
  });
});
