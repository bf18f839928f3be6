// Importing PTGbot's real fixture into an empty event and exporting gives the fixture back, on
// every store kind; so does a document that uses every key of the format.
import { describe, expect, it } from "vitest";
import { exportPtgbot } from "../../shared/ptgbot/export.js";
import { parsePtgbotDocument } from "../../shared/ptgbot/validate.js";
import { storeKinds, useStore } from "../support/stores.js";
import { readDenver } from "../support/denver.js";
import { load, newEvent } from "./helpers.js";

/** The fixture with every key in use: people, topics, colours, banners, voice. */
function richDocument(): Record<string, unknown> {
  return {
    ...readDenver(),
    eventid: "rich-ptg",
    voice: 1,
    motd: [
      { level: "info", message: "Welcome to the PTG" },
      { level: "danger", message: "Lunch is moved to 13:00" },
    ],
    now: { nova: "placement: multi-attach with #cinder", swift: "ring rebalancing" },
    next: { nova: ["cells v2", "quotas"], heat: ["templates"] },
    etherpads: { nova: "https://etherpad.opendev.org/p/nova-ptg" },
    urls: { swift: "https://meet.jit.si/swift-ptg" },
    colors: { nova: "#ff0000", swift: "rgb(0, 128, 255)", heat: "orange" },
    location: { nova: "Ballroom A", swift: "the pub" },
    last_check_in: {
      jane: { nick: "Jane", location: "#nova", in: "2024-04-08 10:12:00", out: null },
      bob: {
        nick: "bob",
        location: "the pub",
        in: "2024-04-08 09:00:00",
        out: "2024-04-08 17:30:59",
      },
    },
    subscriptions: { Jane: "nova|cinder", bob: "^#swift" },
  };
}

describe.each(storeKinds())("PTGbot round trip on %s", (kind) => {
  const store = useStore(kind);

  it("gives the fixture back after importing it into an empty event", async () => {
    const eventId = await newEvent(store().db, "DEN-ptg", true);
    const summary = await load(store().db, eventId, readDenver());
    expect(summary.addedTracks).toHaveLength(44);
    expect(summary.removedTracks).toEqual([]);
    expect(summary.otherEventId).toBeNull();
    expect(summary).toMatchObject({ tracks: 44, rooms: 23, slots: 20 });
    expect(summary.applied).toContain("schedule");
    const exported = await exportPtgbot(store().db, eventId);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(readDenver());
    expect(Object.keys(exported.schedule)).toEqual(Object.keys(readDenver().schedule as object));
    expect(Object.keys(exported.slots)).toEqual(Object.keys(readDenver().slots as object));
    expect(Object.keys(exported.links)).toEqual(Object.keys(readDenver().links as object));
  });

  it("gives back a document that uses every key", async () => {
    const eventId = await newEvent(store().db, "rich-ptg", true);
    await load(store().db, eventId, richDocument());
    const exported = await exportPtgbot(store().db, eventId);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(richDocument());
  });

  it("ends in the same state whether the document is imported once or twice", async () => {
    const once = await newEvent(store().db);
    const twice = await newEvent(store().db);
    await load(store().db, once, richDocument());
    await load(store().db, twice, richDocument());
    const second = await load(store().db, twice, richDocument());
    expect(second.addedTracks).toEqual([]);
    expect(second.removedTracks).toEqual([]);
    const a = await exportPtgbot(store().db, once);
    const b = await exportPtgbot(store().db, twice);
    expect({ ...b, eventid: a.eventid }).toEqual(a);
  });

  it("re-imports its own export without change, and ignores PTGbot's timestamp key", async () => {
    const first = await newEvent(store().db);
    await load(store().db, first, { ...richDocument(), timestamp: 1712570000, extra: "ignored" });
    const exported = await exportPtgbot(store().db, first);
    expect(() => parsePtgbotDocument(exported)).not.toThrow();
    const second = await newEvent(store().db);
    const summary = await load(store().db, second, JSON.parse(JSON.stringify(exported)));
    expect(summary.otherEventId).toBe(exported.eventid);
    expect({ ...(await exportPtgbot(store().db, second)), eventid: exported.eventid }).toEqual(
      exported,
    );
  });

  it("exports an empty event with every key", async () => {
    const eventId = await newEvent(store().db, "empty-ptg", true);
    expect(await exportPtgbot(store().db, eventId)).toEqual({
      eventid: "empty-ptg",
      voice: 0,
      links: {},
      motd: [],
      now: {},
      next: {},
      etherpads: {},
      urls: {},
      colors: {},
      location: {},
      last_check_in: {},
      subscriptions: {},
      slots: {},
      tracks: [],
      schedule: {},
    });
  });
});
