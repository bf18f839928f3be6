// Unit tests for the widget's pure helpers (no browser): validators, topic splitting, days and
// slots, rooms of tracks, URL parameters.
import { describe, expect, it } from "vitest";
import type {
  DayState,
  EventState,
  RoomState,
  SlotState,
  TrackState,
} from "../../shared/api/event-state.js";
import { parseParams, parseTheme } from "../../widget/src/params.js";
import {
  badgeColors,
  contrastRatio,
  derivedColor,
  parseColor,
  relativeLuminance,
  safeHttpUrl,
  textColorOn,
  toHex,
} from "../../widget/src/safe.js";
import {
  bookingCode,
  cellFor,
  meetingUrl,
  roomOfTrack,
  roomsForDay,
} from "../../widget/src/schedule.js";
import { splitTopic } from "../../widget/src/text.js";
import {
  currentSlotCodes,
  formatSlotStart,
  initialDayIndex,
  isCurrentSlot,
  localDateKey,
  slotWindow,
  todayIndex,
} from "../../widget/src/time.js";

describe("safeHttpUrl", () => {
  it("accepts absolute http and https URLs, normalised", () => {
    expect(safeHttpUrl("https://meet.jit.si/nova")).toBe("https://meet.jit.si/nova");
    expect(safeHttpUrl("  HTTP://Example.org ")).toBe("http://example.org/");
    expect(safeHttpUrl('https://x.org/a"><b>')).toBe("https://x.org/a%22%3E%3Cb%3E");
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/",
    "//evil.example/",
    "/relative",
    '"><img src=x onerror=alert(1)>',
    "",
    null,
    undefined,
  ])("refuses %j", (value) => {
    expect(safeHttpUrl(value)).toBeNull();
  });
});

describe("parseColor", () => {
  it.each([
    ["red", [255, 0, 0]],
    ["RebeccaPurple", [102, 51, 153]],
    [" lightgoldenrodyellow ", [250, 250, 210]],
    ["#abc", [170, 187, 204]],
    ["#0A5FB8", [10, 95, 184]],
    ["rgb(1, 2, 3)", [1, 2, 3]],
    ["rgb(1 2 3)", [1, 2, 3]],
    ["rgba(255,0,0,0.5)", [255, 0, 0]],
    ["rgb(100% 0% 50% / 50%)", [255, 0, 128]],
    ["hsl(0, 100%, 50%)", [255, 0, 0]],
    ["hsl(120deg 100% 25%)", [0, 128, 0]],
    ["hsla(240, 100%, 50%, 1)", [0, 0, 255]],
  ] as const)("parses %j", (value, rgb) => {
    expect(parseColor(value)).toEqual(rgb);
  });

  it.each([
    "red;background:url(javascript:alert(1))",
    "red; color: blue",
    "url(javascript:alert(1))",
    "expression(alert(1))",
    "var(--x)",
    "transparent",
    "currentcolor",
    "inherit",
    "#ab",
    "#abcd",
    "#ggg",
    "#abcdef0",
    "rgb(1, 2)",
    "rgb(1, 2, 3, 4, 5)",
    "rgb(256, 0, 0)",
    "rgb(-1, 0, 0)",
    "rgb(1, 2, 3) red",
    "rgb(1,2,3));x:y",
    "rgb(a, b, c)",
    "rgb(1 2, 3)",
    "hsl(0, 101%, 50%)",
    "hsl(0 100% 50% / 2)",
    "calc(1)",
    "notacolour",
    "",
    null,
  ])("refuses %j", (value) => {
    expect(parseColor(value)).toBeNull();
  });
});

describe("contrast", () => {
  it("computes WCAG relative luminance and contrast", () => {
    expect(relativeLuminance([0, 0, 0])).toBe(0);
    expect(relativeLuminance([255, 255, 255])).toBeCloseTo(1, 6);
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 6);
    expect(contrastRatio([119, 119, 119], [255, 255, 255])).toBeCloseTo(4.48, 2);
  });

  it("picks the text colour that contrasts most", () => {
    expect(textColorOn([255, 255, 0])).toBe("#000000");
    expect(textColorOn([0, 0, 139])).toBe("#ffffff");
    expect(textColorOn([255, 255, 255])).toBe("#000000");
    expect(textColorOn([0, 0, 0])).toBe("#ffffff");
  });

  it("always gives badge text at least 4.5:1 for every named colour and derived colour", () => {
    const samples = ["red", "yellow", "navy", "gold", "teal", "salmon", "gray", "lime"];
    for (const name of samples) {
      const { background, foreground } = badgeColors("x", name);
      const bg = parseColor(background);
      const fg = parseColor(foreground);
      if (bg === null || fg === null) throw new Error("unparsable");
      expect(contrastRatio(bg, fg)).toBeGreaterThanOrEqual(4.5);
    }
    for (const track of ["nova", "swift", "cinder", "api-sig", "docs-i18n", "tripleo"]) {
      const rgb = derivedColor(track);
      const fg = textColorOn(rgb) === "#000000" ? ([0, 0, 0] as const) : ([255, 255, 255] as const);
      expect(contrastRatio(rgb, fg)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe("badgeColors", () => {
  it("uses a valid colour, normalised to hex", () => {
    expect(badgeColors("nova", "yellow")).toEqual({ background: "#ffff00", foreground: "#000000" });
    expect(badgeColors("nova", "rgb(0, 0, 139)")).toEqual({
      background: "#00008b",
      foreground: "#ffffff",
    });
  });

  it("derives a stable colour from the name when the colour is missing or invalid", () => {
    const derived = toHex(derivedColor("nova"));
    expect(badgeColors("nova", null).background).toBe(derived);
    expect(badgeColors("nova", "red;background:url(javascript:alert(1))").background).toBe(derived);
    expect(toHex(derivedColor("nova"))).toBe(derived);
    expect(toHex(derivedColor("swift"))).not.toBe(derived);
    expect(derived).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe("splitTopic", () => {
  const tracks = new Set(["nova", "cinder", "api-sig"]);
  const isTrack = (name: string): boolean => tracks.has(name);

  it("turns known #tracks into track parts and keeps unknown hashtags as text", () => {
    expect(splitTopic("multi-attach with #Cinder and #unknown.", isTrack)).toEqual([
      { kind: "text", text: "multi-attach with " },
      { kind: "track", name: "cinder", text: "#Cinder" },
      { kind: "text", text: " and #unknown." },
    ]);
    expect(splitTopic("#api-sig, then #nova", isTrack)).toEqual([
      { kind: "track", name: "api-sig", text: "#api-sig" },
      { kind: "text", text: ", then " },
      { kind: "track", name: "nova", text: "#nova" },
    ]);
  });

  it("links http(s) URLs without trailing punctuation", () => {
    expect(splitTopic("see https://etherpad.org/p/x. Or (https://a.b/c_(d)).", isTrack)).toEqual([
      { kind: "text", text: "see " },
      { kind: "link", href: "https://etherpad.org/p/x", text: "https://etherpad.org/p/x" },
      { kind: "text", text: ". Or (" },
      { kind: "link", href: "https://a.b/c_(d)", text: "https://a.b/c_(d)" },
      { kind: "text", text: ")." },
    ]);
  });

  it("keeps markup and other schemes as plain text", () => {
    const hostile = '<img src=x onerror=alert(1)> javascript:alert(1) "><b>x</b>';
    expect(splitTopic(hostile, isTrack)).toEqual([{ kind: "text", text: hostile }]);
    expect(splitTopic('https://x.org/"><img src=x>', isTrack)).toEqual([
      { kind: "link", href: "https://x.org/", text: "https://x.org/" },
      { kind: "text", text: '"><img src=x>' },
    ]);
  });

  it("does not treat a URL fragment as a track", () => {
    expect(splitTopic("https://x.org/#nova", isTrack)).toEqual([
      { kind: "link", href: "https://x.org/#nova", text: "https://x.org/#nova" },
    ]);
  });
});

const slot = (code: string, startsAt: string | null, durationMinutes: number | null = null) =>
  ({ code, label: code, startsAt, durationMinutes }) satisfies SlotState;

describe("days and slots", () => {
  const days: DayState[] = [
    { name: "Monday", slots: [slot("MonA1", null)] },
    { name: "Tuesday", slots: [slot("TueA1", null)] },
    { name: "Wed", slots: [slot("WedA1", null)] },
  ];

  it("finds today by weekday name (full or abbreviated), else -1", () => {
    expect(todayIndex(days, new Date("2024-04-09T12:00:00Z"), "UTC")).toBe(1); // a Tuesday
    expect(todayIndex(days, new Date("2024-04-10T12:00:00Z"), "UTC")).toBe(2); // a Wednesday
    expect(todayIndex(days, new Date("2024-04-12T12:00:00Z"), "UTC")).toBe(-1); // a Friday
    expect(initialDayIndex(days, new Date("2024-04-12T12:00:00Z"), "UTC")).toBe(0);
    expect(initialDayIndex([], new Date(), "UTC")).toBe(0);
  });

  it("uses the viewer's time zone for the weekday", () => {
    const mondayLateUtc = new Date("2024-04-08T23:30:00Z");
    expect(todayIndex(days, mondayLateUtc, "UTC")).toBe(0);
    expect(todayIndex(days, mondayLateUtc, "Asia/Tokyo")).toBe(1);
  });

  it("prefers a day whose slots start today", () => {
    const dated: DayState[] = [
      { name: "Day one", slots: [slot("D1", "2024-04-08T09:00:00Z")] },
      { name: "Day two", slots: [slot("D2", "2024-04-09T09:00:00Z")] },
    ];
    expect(todayIndex(dated, new Date("2024-04-09T18:00:00Z"), "UTC")).toBe(1);
    expect(localDateKey(new Date("2024-04-09T18:00:00Z"), "Asia/Tokyo")).toBe("2024-04-10");
  });

  it("knows when a slot runs (default 105 minutes)", () => {
    const s = slot("MonA1", "2024-04-08T09:00:00Z");
    expect(slotWindow(s)).toEqual({
      start: Date.parse("2024-04-08T09:00:00Z"),
      end: Date.parse("2024-04-08T10:45:00Z"),
    });
    expect(isCurrentSlot(s, new Date("2024-04-08T08:59:59Z"))).toBe(false);
    expect(isCurrentSlot(s, new Date("2024-04-08T09:00:00Z"))).toBe(true);
    expect(isCurrentSlot(s, new Date("2024-04-08T10:44:59Z"))).toBe(true);
    expect(isCurrentSlot(s, new Date("2024-04-08T10:45:00Z"))).toBe(false);
    const short = slot("X", "2024-04-08T09:00:00Z", 30);
    expect(isCurrentSlot(short, new Date("2024-04-08T09:45:00Z"))).toBe(false);
    expect(isCurrentSlot(slot("Y", null), new Date())).toBe(false);
    expect(slotWindow(slot("Z", "not a date"))).toBeNull();
  });

  it("formats a slot's start in the viewer's time zone", () => {
    const s = slot("MonA1", "2020-06-01T09:00:00Z");
    expect(formatSlotStart(s, "en-GB", "UTC")).toBe("09:00");
    expect(formatSlotStart(s, "en-GB", "Asia/Tokyo")).toBe("18:00");
    expect(formatSlotStart(s, "en-GB", "America/New_York")).toBe("05:00");
    expect(formatSlotStart(slot("X", null), "en-GB", "UTC")).toBeNull();
  });
});

describe("schedule helpers", () => {
  // A small event shaped like the PTGbot fixture: Monday and Tuesday have real start times,
  // Friday only labels; Vail opens on Friday only, and does not offer FriP2.
  const room = (name: string, url: string | null, bookings: Record<string, string | null>) =>
    ({
      name,
      description: null,
      capabilityIcon: null,
      capabilityDescription: null,
      url,
      bookings,
    }) satisfies RoomState;
  const trackState = (name: string, location: string | null = null) =>
    ({
      name,
      color: null,
      etherpad: `https://etherpad.example/p/${name}`,
      etherpadCustom: false,
      url: null,
      location,
      now: null,
      next: [],
      checkedIn: [],
    }) satisfies TrackState;
  const state: EventState = {
    slug: "den",
    name: "Denver PTG",
    timeZone: null,
    firstDay: null,
    matrixRooms: [],
    trackRooms: [],
    ircChannel: null,
    version: 1,
    updatedAt: "2020-06-01T08:00:00.000Z",
    voiceRequired: false,
    leadsRequired: false,
    privateLinks: false,
    powerChangedAt: null,
    etherpadBase: "https://etherpad.example/p",
    banners: [],
    links: [],
    talks: [],
    tracks: ["edge", "k8s-sig", "neutron", "nova", "ops-meetup"].map((name) => trackState(name)),
    days: [
      {
        name: "Monday",
        slots: [slot("MonA1", "2020-06-01T09:00:00Z"), slot("MonP1", "2020-06-01T13:30:00Z")],
      },
      { name: "Tuesday", slots: [slot("TueA1", "2020-06-02T09:00:00Z")] },
      { name: "Friday", slots: [slot("FriA1", null), slot("FriP2", null)] },
    ],
    rooms: [
      room("Aspen", null, {
        MonA1: "ops-meetup",
        MonP1: "ops-meetup",
        TueA1: null,
        FriA1: null,
        FriP2: null,
      }),
      room("Ballroom A", "http://meet.jit.si/DEN-ptg-BallroomA", {
        MonA1: "k8s-sig",
        MonP1: "nova",
        TueA1: "edge",
        FriA1: "nova",
        FriP2: "nova",
      }),
      room("Vail", null, { FriA1: "neutron" }),
    ],
  };
  const track = (name: string) => {
    const t = state.tracks.find((x) => x.name === name);
    if (!t) throw new Error(`no track ${name}`);
    return t;
  };
  const defined = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("not in the state");
    return value;
  };
  const monday = defined(state.days[0]);
  const friday = defined(state.days[2]);
  const aspen = defined(state.rooms[0]);
  const vail = defined(state.rooms[2]);
  const monA1 = defined(state.days[0]?.slots[0]);
  const tueA1 = defined(state.days[1]?.slots[0]);
  const friP2 = defined(state.days[2]?.slots[1]);

  it("lists the rooms that offer slots on a day", () => {
    expect(roomsForDay(state.rooms, monday).map((r) => r.name)).toEqual(["Aspen", "Ballroom A"]);
    expect(roomsForDay(state.rooms, friday).map((r) => r.name)).toEqual([
      "Aspen",
      "Ballroom A",
      "Vail",
    ]);
  });

  it("describes cells: booked, available with its code, or not offered", () => {
    expect(cellFor(aspen, monA1)).toEqual({ kind: "booked", track: "ops-meetup" });
    expect(cellFor(aspen, tueA1)).toEqual({ kind: "available", code: "Aspen-TueA1" });
    expect(bookingCode(aspen, tueA1)).toBe("Aspen-TueA1");
    expect(cellFor(vail, friP2)).toEqual({ kind: "none" });
  });

  it("finds a track's room: current slot, else today, else its location", () => {
    const nova = track("nova");
    // Monday 10:00 UTC: nova is in no room in MonA1, but in Ballroom A on Monday afternoon.
    const mondayMorning = new Date("2020-06-01T10:00:00Z");
    expect(currentSlotCodes(state.days, mondayMorning)).toEqual(new Set(["MonA1"]));
    expect(roomOfTrack(state, nova, mondayMorning)?.name).toBe("Ballroom A");
    expect(roomOfTrack(state, track("k8s-sig"), mondayMorning)?.name).toBe("Ballroom A");
    // Tuesday morning: edge holds Ballroom A.
    const tuesdayMorning = new Date("2020-06-02T09:30:00Z");
    expect(roomOfTrack(state, track("edge"), tuesdayMorning)?.name).toBe("Ballroom A");
    // A Sunday, outside the event: only a location naming a room helps.
    const sunday = new Date("2020-06-07T10:00:00Z");
    expect(roomOfTrack(state, nova, sunday)).toBeNull();
    expect(roomOfTrack(state, { ...nova, location: "ballroom a" }, sunday)?.name).toBe(
      "Ballroom A",
    );
  });

  it("joins the track's own URL, else its room's, only over http(s)", () => {
    const nova = track("nova");
    const monday = new Date("2020-06-01T14:00:00Z");
    expect(meetingUrl(state, nova, monday)).toBe("http://meet.jit.si/DEN-ptg-BallroomA");
    expect(meetingUrl(state, { ...nova, url: "https://meet.example/nova" }, monday)).toBe(
      "https://meet.example/nova",
    );
    expect(meetingUrl(state, { ...nova, url: "javascript:alert(1)" }, monday)).toBe(
      "http://meet.jit.si/DEN-ptg-BallroomA",
    );
    expect(meetingUrl(state, track("ops-meetup"), monday)).toBeNull();
  });
});

describe("parseParams", () => {
  it("reads the widget URL parameters", () => {
    const params = parseParams(
      {
        pathname: "/widget/",
        search:
          "?event=den-ptg&theme=dark&matrix_room_id=!r:hs&widgetId=w1" +
          "&parentUrl=https%3A%2F%2Fapp.element.io%2F%23%2Froom",
      },
      "",
    );
    expect(params).toEqual({
      slug: "den-ptg",
      view: "page",
      theme: "dark",
      widgetId: "w1",
      matrixRoomId: "!r:hs",
      parentOrigin: "https://app.element.io",
      rotateSeconds: 12,
      languages: [],
      track: null,
    });
  });

  it("reads the languages asked for: lang= first, then the Matrix client's", () => {
    const languages = (search: string) => parseParams({ pathname: "/widget/", search }).languages;
    expect(languages("?lang=de&language=en-GB")).toEqual(["de", "en-GB"]);
    expect(languages("?org.matrix.msc2873.client_language=de")).toEqual(["de"]);
    // An unfilled template is no language.
    expect(languages("?language=$org.matrix.msc2873.client_language")).toEqual([]);
  });

  it("reads the track a track room's widget opens filtered to", () => {
    expect(parseParams({ pathname: "/widget/", search: "?event=den&track=nova" }).track).toBe(
      "nova",
    );
  });

  it("reads the signage page interval, within 1 s and an hour", () => {
    const rotate = (search: string) =>
      parseParams({ pathname: "/events/den", search }).rotateSeconds;
    expect(rotate("?view=signage&rotate=20")).toBe(20);
    expect(rotate("?rotate=0")).toBe(1);
    expect(rotate("?rotate=99999")).toBe(3600);
    expect(rotate("?rotate=soon")).toBe(12);
  });

  it("takes the slug from /events/:slug, else defaults to ptg", () => {
    expect(parseParams({ pathname: "/events/DEN%20ptg", search: "" }).slug).toBe("DEN ptg");
    expect(parseParams({ pathname: "/events/den/", search: "?view=signage" })).toMatchObject({
      slug: "den",
      view: "signage",
    });
    expect(parseParams({ pathname: "/widget/", search: "" }).slug).toBe("ptg");
  });

  it("accepts Element's theme parameter and ignores unfilled templates", () => {
    const search =
      "?org.matrix.msc2873.client_theme=light-high-contrast&widgetId=$matrix_widget_id";
    expect(parseParams({ pathname: "/widget/", search })).toMatchObject({
      theme: "light",
      widgetId: null,
    });
    expect(parseTheme("custom-Dark Mode")).toBe("dark");
    expect(parseTheme("solarized")).toBeNull();
  });

  it("finds the parent's origin from parentUrl, else the referrer, else *", () => {
    const p = (search: string, referrer: string) =>
      parseParams({ pathname: "/widget/", search }, referrer).parentOrigin;
    expect(p("", "https://chat.example.org/#/room/!x")).toBe("https://chat.example.org");
    expect(p("?parentUrl=javascript:alert(1)", "")).toBe("*");
    expect(p("", "")).toBe("*");
  });
});
