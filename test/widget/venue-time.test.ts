// The widget's pure helpers for venue time, links, the track filter and the signage's order.
import { describe, expect, it } from "vitest";
import type { EventState, SlotState, TalkState, TrackState } from "../../shared/api/event-state.js";
import { talkDays } from "../../widget/src/talks.js";
import { trackMatches } from "../../widget/src/filter.js";
import {
  eventCalendarUrl,
  helpUrl,
  ircUrl,
  matrixToUrl,
  trackCalendarUrl,
} from "../../widget/src/links.js";
import { signItems } from "../../widget/src/signage-items.js";
import { formatTime, formatUpdated, slotTimes, todayIndex } from "../../widget/src/time.js";

const slot = (label: string, startsAt: string | null, durationMinutes: number | null = null) =>
  ({ code: "MonA1", label, startsAt, durationMinutes }) satisfies SlotState;

const track = (name: string, extra: Partial<TrackState> = {}): TrackState => ({
  name,
  color: null,
  etherpad: "",
  etherpadCustom: false,
  url: null,
  location: null,
  now: null,
  next: [],
  checkedIn: [],
  ...extra,
});

describe("one time format", () => {
  it("is 24-hour HH:MM in the zone asked for", () => {
    const t = Date.parse("2026-04-13T07:05:00Z");
    expect(formatTime(t, "Europe/Berlin")).toBe("09:05");
    expect(formatTime(t, "America/Los_Angeles")).toBe("00:05");
    expect(formatUpdated("2026-04-13T21:30:00Z", undefined, "Asia/Tokyo")).toBe(
      "14 Apr 2026, 06:30",
    );
  });
});

describe("slot headers", () => {
  const denver = slot("10:45-12:30", "2020-06-01T16:45:00.000Z", 105);

  it("adds nothing when the label says the venue's time and the viewer is there", () => {
    expect(slotTimes(denver, "America/Denver", "America/Denver")).toEqual({
      venue: null,
      local: null,
    });
  });

  it("adds the viewer's own time where it differs", () => {
    expect(slotTimes(denver, "America/Denver", "Asia/Tokyo")).toEqual({
      venue: null,
      local: "01:45–03:30",
    });
  });

  it("adds the venue's time when the label is not a time", () => {
    expect(
      slotTimes(
        slot("Morning", "2020-06-01T16:45:00.000Z", 60),
        "America/Denver",
        "America/Denver",
      ),
    ).toEqual({
      venue: "10:45–11:45",
      local: null,
    });
  });

  it("takes a time-like label as venue time when the event has no zone", () => {
    const utc = slot("09:00-10:45", "2020-06-01T09:00:00.000Z");
    expect(slotTimes(utc, null, "UTC")).toEqual({ venue: null, local: null });
    expect(slotTimes(utc, null, "Asia/Tokyo")).toEqual({ venue: null, local: "18:00–19:45" });
  });

  it("finds today by the venue's date", () => {
    const days = [
      { name: "Monday", slots: [slot("09:00", "2020-06-01T15:00:00.000Z")] },
      { name: "Tuesday", slots: [slot("09:00", "2020-06-02T15:00:00.000Z")] },
    ];
    // 05:00 on Tuesday in Paris is still Monday evening in Denver.
    const now = new Date("2020-06-02T03:00:00Z");
    expect(todayIndex(days, now, "America/Denver")).toBe(0);
    expect(todayIndex(days, now, "Europe/Paris")).toBe(1);
  });
});

describe("links", () => {
  it("point to matrix.to, the IRC channel, the calendars and help", () => {
    expect(matrixToUrl("!room:example.org")).toBe("https://matrix.to/#/!room%3Aexample.org");
    expect(
      ircUrl({ url: "ircs://irc.oftc.net/#ptg", channel: "#ptg", network: "irc.oftc.net" }),
    ).toBe("ircs://irc.oftc.net/#ptg");
    expect(ircUrl({ url: "javascript:alert(1)", channel: "#x", network: "x" })).toBeNull();
    expect(ircUrl(null)).toBeNull();
    expect(eventCalendarUrl("DEN ptg", "https://ptg.test")).toBe(
      "https://ptg.test/events/DEN%20ptg/ical",
    );
    expect(trackCalendarUrl("den", "nova", "https://ptg.test")).toBe(
      "https://ptg.test/events/den/tracks/nova.ics",
    );
    expect(helpUrl("https://ptg.test")).toBe("https://ptg.test/help");
  });
});

describe("the track filter", () => {
  it("matches name, topic, location and next topics, ignoring case", () => {
    const nova = track("nova", {
      now: { topic: "Scheduler rework", since: "" },
      location: "Ballroom A",
      next: ["Placement"],
    });
    for (const q of ["", "NOVA", "rework", "ballroom", "placement", "  nov  "]) {
      expect(trackMatches(nova, q), q).toBe(true);
    }
    expect(trackMatches(nova, "swift")).toBe(false);
  });
});

describe("the signage's order", () => {
  it("is banners, then tracks on now, then what comes next", () => {
    const state = {
      banners: [{ level: "info", message: "hi" }],
      tracks: [
        track("a", { next: ["x"] }),
        track("b", { now: { topic: "t", since: "" } }),
        track("c"),
      ],
      talks: [],
    } as unknown as EventState;
    expect(signItems(state).map((i) => i.key)).toEqual(["banner-0", "now-b", "next-a"]);
    const quiet = { ...state, banners: [], tracks: [track("c")] } as EventState;
    expect(signItems(quiet).map((i) => i.kind)).toEqual(["quiet"]);
  });

  it("puts the talks running now first, and the next talk of each room with what comes next", () => {
    const talk = (guid: string, room: string, start: string, minutes: number): TalkState => ({
      guid,
      title: guid,
      track: null,
      room,
      startsAt: start,
      durationMinutes: minutes,
      day: "2026-12-27",
      persons: [],
    });
    const state = {
      banners: [],
      tracks: [track("a", { next: ["x"] })],
      talks: [
        talk("long", "Ada", "2026-12-27T09:30:00Z", 90), // overlaps the next one in its room
        talk("short", "Ada", "2026-12-27T10:00:00Z", 20),
        talk("later", "Ada", "2026-12-27T11:00:00Z", 30),
        talk("emile", "Émile", "2026-12-27T10:45:00Z", 45),
        talk("tomorrow", "Émile", "2026-12-28T10:45:00Z", 45),
      ],
    } as unknown as EventState;
    const now = new Date("2026-12-27T10:10:00Z");
    expect(signItems(state, now).map((i) => i.key)).toEqual([
      "talk-now-long",
      "talk-now-short",
      "talk-next-emile",
      "talk-next-later",
      "next-a",
    ]);
    const days = talkDays(state.talks);
    expect(days.map((d) => [d.day.name, d.talks.length])).toEqual([["Sunday", 5]]);
  });
});
