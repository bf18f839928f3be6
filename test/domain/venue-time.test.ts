// Venue time: the pure zone and label arithmetic, and the store verbs on each store kind (the
// read model then serves the zone, the computed slot times, the Matrix rooms and IRC channel).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dayDates,
  parseSlotLabel,
  slotTimes,
  weekdayNamed,
} from "../../shared/domain/slot-times.js";
import {
  canonicalTimeZone,
  isDateKey,
  parseIrcChannel,
  venueInstant,
} from "../../shared/domain/venue-time.js";
import { bindChatRoom, findEvent } from "../../shared/store/events.js";
import { loadEventState } from "../../shared/store/event-state.js";
import {
  checkFirstDay,
  checkIrcChannel,
  checkTimeZone,
  updateVenueSettings,
} from "../../shared/store/venue-time.js";
import { renderCalendar } from "../../server/calendar/schedule.js";
import { SLUG, storeWithFixture } from "../server/support.js";
import { storeKinds, type TestStore } from "../support/stores.js";

describe("slot labels", () => {
  it.each([
    ["09:00-10:45", 540, 105],
    ["9:00 – 10:45", 540, 105],
    ["13.30-15.15", 810, 105],
    ["14h00 to 15h30", 840, 90],
    ["09:00", 540, null],
    ["10:00-09:00", 600, null],
  ])("reads %s", (label, start, duration) => {
    expect(parseSlotLabel(label)).toEqual({ startMinutes: start, durationMinutes: duration });
  });

  it.each(["Morning", "", "25:00-26:00", "09:60", "9-10", "09:00-10:45 extra"])(
    "does not read %j as a time",
    (label) => {
      expect(parseSlotLabel(label)).toBeNull();
    },
  );
});

describe("day dates", () => {
  it("follows weekday names from the first day, and counts on for other names", () => {
    expect(weekdayNamed("Mon.")).toBe(1);
    expect(weekdayNamed("Tu")).toBeNull();
    expect(dayDates(["Monday", "Tuesday", "Thursday"], "2026-04-13")).toEqual([
      "2026-04-13",
      "2026-04-14",
      "2026-04-16",
    ]);
    expect(dayDates(["Day 1", "Day 2", "Monday"], "2026-04-10")).toEqual([
      "2026-04-10",
      "2026-04-11",
      "2026-04-13",
    ]);
  });
});

describe("venue instants", () => {
  it("turns a wall-clock time at the venue into an instant, across offsets and DST", () => {
    expect(venueInstant("2026-04-13", 9 * 60, "Europe/Berlin").toISOString()).toBe(
      "2026-04-13T07:00:00.000Z",
    );
    expect(venueInstant("2026-01-13", 9 * 60, "Europe/Berlin").toISOString()).toBe(
      "2026-01-13T08:00:00.000Z",
    );
    expect(venueInstant("2026-06-01", 23 * 60 + 30, "Asia/Kolkata").toISOString()).toBe(
      "2026-06-01T18:00:00.000Z",
    );
    // 02:30 does not exist in New York on 2026-03-08: the clocks jump from 02:00 to 03:00.
    expect(venueInstant("2026-03-08", 150, "America/New_York").toISOString()).toBe(
      "2026-03-08T07:30:00.000Z",
    );
  });

  it("checks zones, dates and IRC channels", () => {
    expect(canonicalTimeZone("utc")).toBe("UTC");
    expect(canonicalTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("Mars/Olympus")).toBeNull();
    expect(canonicalTimeZone("Europe/Berlin; drop")).toBeNull();
    expect(isDateKey("2026-02-29")).toBe(false);
    expect(isDateKey("2028-02-29")).toBe(true);
    expect(parseIrcChannel("IRCS://irc.OFTC.net:6697/%23openinfra-events")).toEqual({
      url: "ircs://irc.oftc.net:6697/#openinfra-events",
      channel: "#openinfra-events",
      network: "irc.oftc.net",
    });
    expect(parseIrcChannel("https://irc.oftc.net/#x")).toBeNull();
    expect(parseIrcChannel("irc://irc.oftc.net/nochannel")).toBeNull();
    expect(checkTimeZone("none")).toEqual({ ok: true, value: null });
    expect(checkTimeZone("Nowhere/Land")).toMatchObject({ ok: false });
    expect(checkFirstDay("13/04/2026")).toMatchObject({ ok: false });
    expect(checkIrcChannel("#chan")).toMatchObject({ ok: false });
  });

  it("keeps a slot's own start time and computes the others", () => {
    const days = [
      {
        name: "Monday",
        slots: [
          { label: "09:00-10:45", startsAt: "2026-04-13T06:00:00.000Z", durationMinutes: null },
          { label: "10:45-12:30", startsAt: null, durationMinutes: null },
          { label: "Lunch talks", startsAt: null, durationMinutes: null },
        ],
      },
    ];
    expect(slotTimes(days, { timeZone: "Europe/Berlin", firstDay: "2026-04-13" })).toEqual([
      [
        { startsAt: "2026-04-13T06:00:00.000Z", durationMinutes: 105 },
        { startsAt: "2026-04-13T08:45:00.000Z", durationMinutes: 105 },
        { startsAt: null, durationMinutes: null },
      ],
    ]);
    expect(slotTimes(days, null)[0]?.[1]).toEqual({ startsAt: null, durationMinutes: 105 });
  });
});

describe.each(storeKinds())("venue settings in the store (%s)", (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await storeWithFixture(kind);
  });
  afterAll(async () => {
    await store.close();
  });

  it("sets the zone, first day and IRC channel; the read model serves them and real slot times", async () => {
    const event = await findEvent(store.db, SLUG);
    if (event === undefined) throw new Error("no fixture event");
    await bindChatRoom(store.db, "!room:example.org", event.id);
    // A public room, as the bot stores it: the public state lists it.
    await store.db
      .insertInto("matrix_room_power")
      .values({ room_id: "!room:example.org", join_rule: "public" })
      .execute();
    const before = await loadEventState(store.db, SLUG);
    const result = await updateVenueSettings(store.db, SLUG, {
      timeZone: "UTC",
      firstDay: "2020-06-01",
      ircChannel: "ircs://irc.oftc.net/#openinfra-events",
    });
    expect(result).toEqual({
      ok: true,
      value: {
        timeZone: "UTC",
        firstDay: "2020-06-01",
        ircChannel: "ircs://irc.oftc.net/#openinfra-events",
      },
    });
    const state = await loadEventState(store.db, SLUG);
    if (state === undefined || before === undefined) throw new Error("no state");
    expect(state.version).toBe(before.version + 1);
    expect(state.timeZone).toBe("UTC");
    expect(state.firstDay).toBe("2020-06-01");
    expect(state.matrixRooms).toEqual(["!room:example.org"]);
    expect(state.ircChannel).toEqual({
      url: "ircs://irc.oftc.net/#openinfra-events",
      channel: "#openinfra-events",
      network: "irc.oftc.net",
    });
    const tuesday = state.days.find((d) => d.name === "Tuesday");
    expect(tuesday?.slots.map((s) => [s.startsAt, s.durationMinutes])).toEqual([
      ["2020-06-02T09:00:00.000Z", 105],
      ["2020-06-02T10:45:00.000Z", 105],
      ["2020-06-02T13:30:00.000Z", 105],
      ["2020-06-02T15:15:00.000Z", 105],
    ]);
    // Calendars carry the real lengths: every booked slot is an event, 1 h 45 long.
    const ics = renderCalendar(state, { publicUrl: "http://ptg.test" });
    const starts = [...ics.matchAll(/DTSTART:(\S+)/g)].map((m) => m[1]);
    const ends = [...ics.matchAll(/DTEND:(\S+)/g)].map((m) => m[1]);
    expect(starts.length).toBeGreaterThan(1);
    expect(starts).toContain("20200602T090000Z");
    expect(ends).toContain("20200602T104500Z");
    expect(before.days.flatMap((d) => d.slots).filter((s) => s.startsAt !== null)).toHaveLength(1);
  });

  it("refuses a bad value and changes nothing", async () => {
    const before = await loadEventState(store.db, SLUG);
    const result = await updateVenueSettings(store.db, SLUG, {
      timeZone: "Europe/Paris",
      firstDay: "2020-13-01",
    });
    expect(result).toEqual({
      ok: false,
      error: "Give the first day's date as YYYY-MM-DD, e.g. 2026-04-13",
    });
    const after = await loadEventState(store.db, SLUG);
    expect(after?.version).toBe(before?.version);
    expect(after?.timeZone).toBe("UTC");
  });

  it("clears a setting with none", async () => {
    await updateVenueSettings(store.db, SLUG, { ircChannel: "none" });
    expect((await loadEventState(store.db, SLUG))?.ircChannel).toBeNull();
  });
});
