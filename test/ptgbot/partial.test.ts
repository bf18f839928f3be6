// PTGbot's semantics for partial documents: keys present replace the event's current values,
// absent keys keep theirs, and every track the document names exists afterwards.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { exportPtgbot } from "../../shared/ptgbot/export.js";
import { storeKinds, useStore } from "../support/stores.js";
import { readDenver } from "../support/denver.js";
import { load, newEvent, refusal } from "./helpers.js";

describe.each(storeKinds())("PTGbot partial documents on %s", (kind) => {
  const store = useStore(kind);

  /** A new event loaded with the fixture, and its export. */
  async function loaded() {
    const eventId = await newEvent(store().db);
    await load(store().db, eventId, readDenver());
    return { eventId, before: await exportPtgbot(store().db, eventId) };
  }

  it("keeps the schedule when only now is present", async () => {
    const { eventId, before } = await loaded();
    const summary = await load(store().db, eventId, { now: { Nova: "placement" } });
    expect(summary.applied).toEqual(["now"]);
    expect(summary.addedTracks).toEqual([]);
    const after = await exportPtgbot(store().db, eventId);
    expect(after).toEqual({ ...before, now: { nova: "placement" } });
  });

  it("adds a track named only in the schedule", async () => {
    const { eventId, before } = await loaded();
    const schedule = structuredClone(before.schedule);
    schedule.Aspen = { ...schedule.Aspen, FriA1: "Zun" };
    const summary = await load(store().db, eventId, { schedule });
    expect(summary.addedTracks).toEqual(["zun"]);
    const after = await exportPtgbot(store().db, eventId);
    expect(after.tracks).toContain("zun");
    expect(after.schedule.Aspen?.FriA1).toBe("zun");
    expect(after).toEqual({
      ...before,
      tracks: [...before.tracks, "zun"].sort(),
      schedule: after.schedule,
    });
  });

  it("adds tracks named in now, next, colors, etherpads, urls and location", async () => {
    const eventId = await newEvent(store().db);
    const summary = await load(store().db, eventId, {
      now: { a: "x" },
      next: { b: ["y"] },
      colors: { c: "red" },
      etherpads: { d: "https://pad.example/d" },
      urls: { e: "https://meet.example/e" },
      location: { f: "hall" },
    });
    expect(summary.addedTracks).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect((await exportPtgbot(store().db, eventId)).tracks).toEqual([
      "a",
      "b",
      "c",
      "d",
      "e",
      "f",
    ]);
  });

  it("replaces the track list, keeping the rows (and topics) of tracks that remain", async () => {
    const eventId = await newEvent(store().db);
    await load(store().db, eventId, {
      tracks: ["nova", "swift", "cinder"],
      now: { nova: "n", cinder: "c" },
      colors: { nova: "red", cinder: "blue" },
      next: { nova: ["later"] },
    });
    const summary = await load(store().db, eventId, { tracks: ["nova", "heat"] });
    expect(summary.addedTracks).toEqual(["heat"]);
    expect(summary.removedTracks).toEqual(["cinder", "swift"]);
    const after = await exportPtgbot(store().db, eventId);
    expect(after.tracks).toEqual(["heat", "nova"]);
    expect(after.now).toEqual({ nova: "n" });
    expect(after.next).toEqual({ nova: ["later"] });
    expect(after.colors).toEqual({ nova: "red" });
  });

  it("keeps tracks still booked in the current schedule when tracks is present", async () => {
    const { eventId, before } = await loaded();
    const summary = await load(store().db, eventId, { tracks: ["nova"] });
    const after = await exportPtgbot(store().db, eventId);
    expect(after.schedule).toEqual(before.schedule);
    // Only tracks listed in fixture.tracks but not booked anywhere go away.
    const booked = new Set(Object.values(before.schedule).flatMap((room) => Object.values(room)));
    expect(after.tracks).toEqual(before.tracks.filter((t) => booked.has(t)));
    expect(summary.removedTracks).toEqual(before.tracks.filter((t) => !booked.has(t)));
  });

  it("replaces slots without a schedule: bookings of remaining slots stay", async () => {
    const { eventId, before } = await loaded();
    const slots = { Friday: before.slots.Friday ?? [] };
    await load(store().db, eventId, { slots });
    const after = await exportPtgbot(store().db, eventId);
    expect(after.slots).toEqual(slots);
    expect(after.schedule.Vail).toEqual({
      FriA1: "neutron",
      FriA2: "neutron",
      FriP1: "neutron",
      FriP2: "neutron",
    });
    expect(Object.keys(after.schedule)).toEqual(Object.keys(before.schedule));
  });

  it("keeps a slot's duration when slots are re-imported", async () => {
    const { eventId } = await loaded();
    await store()
      .db.updateTable("slots")
      .set({ duration_minutes: 105 })
      .where("event_id", "=", eventId)
      .where("code", "=", "MonA1")
      .execute();
    await load(store().db, eventId, { slots: readDenver().slots });
    const row = await store()
      .db.selectFrom("slots")
      .select("duration_minutes")
      .where("event_id", "=", eventId)
      .where("code", "=", "MonA1")
      .executeTakeFirstOrThrow();
    expect(row.duration_minutes).toBe(105);
  });

  it("checks a schedule without slots against the event's slots", async () => {
    const { eventId, before } = await loaded();
    await load(store().db, eventId, { schedule: { Hall: { MonA1: "nova", MonA2: "" } } });
    const after = await exportPtgbot(store().db, eventId);
    expect(after.schedule).toEqual({ Hall: { MonA1: "nova", MonA2: "" } });
    expect(after.slots).toEqual(before.slots);

    const empty = await newEvent(store().db);
    expect(await refusal(store().db, empty, { schedule: { Hall: { MonA1: "nova" } } })).toBe(
      'PtgbotImportError: schedule["Hall"].MonA1 is not a slot of the event (the document has no "slots")',
    );
    expect((await exportPtgbot(store().db, empty)).tracks).toEqual([]);
  });

  it("sets voice, people and banners, and keeps the event's slug", async () => {
    const eventId = await newEvent(store().db, "slugged");
    const summary = await load(store().db, eventId, {
      eventid: "other-ptg",
      voice: 1,
      motd: { level: "warning", message: "old PTGbot single banner" },
      last_check_in: {
        "jane doe": { nick: "Jane Doe", location: "#nova", in: "2024-04-08 10:12:00", out: null },
      },
      subscriptions: { Jane: "nova" },
    });
    expect(summary.otherEventId).toBe("other-ptg");
    const settings = await store()
      .db.selectFrom("event_settings")
      .select("voice_required")
      .where("event_id", "=", eventId)
      .executeTakeFirstOrThrow();
    expect(settings.voice_required).toBe(true);
    const checkIn = await store()
      .db.selectFrom("check_ins")
      .select(["person_key", "nick", sql<string>`checked_in_at::text`.as("at")])
      .where("event_id", "=", eventId)
      .executeTakeFirstOrThrow();
    expect(checkIn.person_key).toBe("nick:jane doe");
    expect(checkIn.nick).toBe("Jane Doe");
    expect(new Date(checkIn.at).toISOString()).toBe("2024-04-08T10:12:00.000Z");
    const sub = await store()
      .db.selectFrom("subscriptions")
      .select(["person_key", "pattern"])
      .where("event_id", "=", eventId)
      .executeTakeFirstOrThrow();
    expect(sub).toEqual({ person_key: "nick:jane", pattern: "nova" });
    const after = await exportPtgbot(store().db, eventId);
    expect(after.eventid).toMatch(/^slugged-/);
    expect(after.motd).toEqual([{ level: "warning", message: "old PTGbot single banner" }]);

    await load(store().db, eventId, { voice: 0, motd: [], last_check_in: {}, subscriptions: {} });
    const cleared = await exportPtgbot(store().db, eventId);
    expect(cleared).toMatchObject({ voice: 0, motd: [], last_check_in: {}, subscriptions: {} });
  });

  it("empties the event when every key is present and empty", async () => {
    const { eventId } = await loaded();
    await load(store().db, eventId, {
      ...Object.fromEntries(
        ["links", "now", "next", "etherpads", "urls", "colors", "location"].map((k) => [k, {}]),
      ),
      last_check_in: {},
      subscriptions: {},
      motd: [],
      slots: {},
      tracks: [],
      schedule: {},
      voice: 0,
    });
    const after = await exportPtgbot(store().db, eventId);
    expect(after).toMatchObject({ tracks: [], schedule: {}, slots: {}, links: {} });
  });
});
