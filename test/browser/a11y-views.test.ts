// WCAG 2.2 AA on the views that came after the first a11y pass (issue 24), checked by axe-core in
// Chromium in light and dark: the talks of an imported c3voc schedule on the page and on signage,
// the "Track leads" card, "Where to talk" with track rooms, and signage with the track rooms'
// QR codes. (The signed-in views, the lead request form, the admin's lead panel and "My
// calendar", are checked in widget-leads.test.ts and widget-actions.test.ts.) The same views,
// with 500-character talk fields and a long lead name, overflow at no screen size; in German
// they show no English. With A11Y_SHOTS=DIR, screenshots of each view in en and de.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { bindCreatedTrackRoom } from "../../shared/store/track-room-jobs.js";
import { ensureEvent } from "../../shared/store/events.js";
import { findTrack } from "../../shared/store/tracks.js";
import { updateVenueSettings } from "../../shared/store/venue-time.js";
import { c3voc, importDocument, type Json } from "../schedule/helpers.js";
import { axeViolations } from "./axe.js";
import { measureLayout } from "./layout-checks.js";
import { useBrowserSuite } from "./support.js";
import { LONG_WORD, LONG_SENTENCE, liveEventDoc } from "./venue-docs.js";

const suite = useBrowserSuite();
const shots = process.env.A11Y_SHOTS;

const TALKS = "a11y-talks";
const LONG_TALKS = "a11y-long-talks";
const ROOMS = "a11y-rooms";
/** 10:40 in Berlin on the c3voc fixture's first day: two talks run. */
const TALKS_NOW = new Date("2026-12-27T09:40:00Z");
const MONDAY_MORNING = new Date("2020-06-01T10:00:00Z");
/** A lead whose name (the Matrix id's local part, having no display name) cannot break. */
const LONG_LEAD = `@${"l".repeat(240)}:example.org`;

const LONG_NAME = "N".repeat(100);

/** The c3voc fixture with every talk's text fields 500 characters long. */
function longTalks(): Json {
  const doc = c3voc();
  const conference = (doc.schedule as Json).conference as Json;
  for (const day of conference.days as Json[]) {
    for (const talks of Object.values(day.rooms as Record<string, Json[]>)) {
      for (const talk of talks) {
        talk.title = LONG_WORD;
        talk.subtitle = LONG_SENTENCE;
        talk.abstract = LONG_SENTENCE;
        // Names are at most 100 characters long (shared/domain/input-rules.ts).
        talk.track = LONG_NAME;
        talk.persons = [{ name: LONG_NAME }, { name: LONG_SENTENCE.slice(0, 100) }];
      }
    }
  }
  return doc;
}

beforeAll(async () => {
  expect((await importDocument(suite.store.db, TALKS, c3voc())).result).toBe("ok");
  expect((await importDocument(suite.store.db, LONG_TALKS, longTalks())).result).toBe("ok");

  // Four live tracks with meeting links; two of them have public track rooms, one with a long
  // alias; #nova and #swift have leads, one with a long name.
  const doc = liveEventDoc(4);
  doc.urls = Object.fromEntries(doc.tracks.map((t) => [t, `https://meet.example.org/${t}`]));
  await importIntoEvent(suite.store.db, ROOMS, doc);
  const set = await updateVenueSettings(suite.store.db, ROOMS, {
    timeZone: "UTC",
    firstDay: "2020-06-01",
  });
  expect(set.ok).toBe(true);
  const event = await ensureEvent(suite.store.db, ROOMS);
  const rooms: [string, string, string | null][] = [
    [doc.tracks[0] ?? "", "!first:example.org", `#${"a".repeat(200)}:example.org`],
    [doc.tracks[1] ?? "", "!second:example.org", null],
  ];
  await suite.store.db.transaction().execute(async (trx) => {
    for (const [track, roomId, alias] of rooms) {
      const ref = await findTrack(trx, event.id, track);
      if (ref === undefined) throw new Error(track);
      await bindCreatedTrackRoom(trx, event.id, ref.id, roomId, alias);
      await trx
        .insertInto("matrix_room_power")
        .values({ room_id: roomId, join_rule: "public" })
        .execute();
    }
  });
  const [first, second] = doc.tracks;
  await suite.command(`#${first ?? ""} leads add @carol:example.org ${LONG_LEAD}`, ROOMS);
  await suite.command(`#${second ?? ""} leads add @dan:example.org`, ROOMS);
});

interface View {
  name: string;
  path: string;
  ready: string;
  now: Date;
  timezoneId: string;
  viewport: { width: number; height: number };
}

const VIEWS: View[] = [
  {
    name: "the page with an imported schedule's talks",
    path: `/events/${TALKS}`,
    ready: ".talk-schedule .talk-item",
    now: TALKS_NOW,
    timezoneId: "Europe/Berlin",
    viewport: { width: 1280, height: 900 },
  },
  {
    name: "signage with talks",
    path: `/events/${TALKS}?view=signage&rotate=3600`,
    ready: '.signage[data-ready="true"] .sign-talk',
    now: TALKS_NOW,
    timezoneId: "Europe/Berlin",
    viewport: { width: 1920, height: 1080 },
  },
  {
    name: "the page with track leads and track rooms",
    path: `/events/${ROOMS}`,
    ready: ".track-leads li",
    now: MONDAY_MORNING,
    timezoneId: "UTC",
    viewport: { width: 1280, height: 900 },
  },
  {
    name: "signage with track rooms' QR codes",
    path: `/events/${ROOMS}?view=signage&rotate=3600`,
    ready: '.signage[data-ready="true"] svg.sign-qr',
    now: MONDAY_MORNING,
    timezoneId: "UTC",
    viewport: { width: 1920, height: 1080 },
  },
];

async function openView(view: View, theme: "light" | "dark", lang: "en" | "de" = "en") {
  const context = await suite.browser.newContext({
    colorScheme: theme,
    locale: lang === "de" ? "de-DE" : "en-GB",
    timezoneId: view.timezoneId,
    viewport: view.viewport,
  });
  await context.clock.setFixedTime(view.now);
  const page = await context.newPage();
  const url = suite.origin + view.path + (lang === "de" ? "&lang=de" : "");
  await page.goto(url.replace(/^([^?]*)&/, "$1?"));
  await page.locator(view.ready).first().waitFor();
  return { context, page };
}

describe.each(["light", "dark"] as const)("in the %s theme", (theme) => {
  it.each(VIEWS)("$name has no axe violation", async (view) => {
    const { context, page } = await openView(view, theme);
    expect(await page.evaluate<string>("document.documentElement.dataset.theme")).toBe(theme);
    if (view.path === `/events/${ROOMS}`) {
      await page.locator(".where-to-talk a.talk-track-room").first().waitFor();
    }
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

/** Every text node's text in the page's main content (not user data checked separately). */
const visibleText = (page: Page) => page.evaluate<string>("document.body.innerText");

describe("in German", () => {
  it.each(VIEWS)("$name shows no English of its own", async (view) => {
    const { context, page } = await openView(view, "light", "de");
    if (shots !== undefined) await screenshot(page, view, "de");
    const text = await visibleText(page);
    // The English of the new features' catalog entries (user data may well be English).
    for (const english of [
      "Track leads",
      "Where to talk",
      "Each track’s own room",
      "Talks now",
      "Talks next",
      "Schedule",
      "Coming next",
      "Where:",
      " min",
      "the page rotation",
    ]) {
      expect(text, english).not.toContain(english);
    }
    for (const persons of await page.locator(".talk-persons").allTextContents()) {
      expect(persons).toMatch(/^mit /);
    }
    for (const label of await page.locator("svg.sign-qr, a.talk-track-room").all()) {
      expect(await label.getAttribute("aria-label")).toMatch(/^(QR-Code|Der Matrix-Raum)/);
    }
    await context.close();
  });

  it.each(VIEWS)("$name in English, for comparison", async (view) => {
    const { context, page } = await openView(view, "light");
    if (shots !== undefined) await screenshot(page, view, "en");
    expect(await page.evaluate<string>("document.documentElement.lang")).toMatch(/^en/);
    await context.close();
  });
});

async function screenshot(page: Page, view: View, lang: string): Promise<void> {
  if (shots === undefined) return;
  mkdirSync(shots, { recursive: true });
  const name = view.name.replace(/[^a-z]+/gi, "-");
  const sizes = view.path.includes("signage")
    ? [[1920, 1080] as const]
    : ([
        [390, 844],
        [1280, 900],
      ] as const);
  for (const [width, height] of sizes) {
    await page.setViewportSize({ width, height });
    const target = view.path.startsWith(`/events/${ROOMS}?`)
      ? null
      : view.path === `/events/${ROOMS}`
        ? page.locator(".track-leads")
        : page.locator(".talk-schedule");
    if (target !== null && !view.path.includes("signage")) await target.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `${name}-${lang}-${width}.png`) });
  }
}

describe.each([
  [390, 844],
  [1280, 900],
  [1920, 1080],
  [3840, 2160],
])("at %i×%i", (width, height) => {
  it.each([
    ["page with long talks", `/events/${LONG_TALKS}`, ".talk-schedule .talk-item", TALKS_NOW],
    [
      "signage with long talks",
      `/events/${LONG_TALKS}?view=signage&rotate=3600`,
      '.signage[data-ready="true"] .sign-talk',
      TALKS_NOW,
    ],
    ["page with a long lead and track room", `/events/${ROOMS}`, ".track-leads li", MONDAY_MORNING],
    [
      "signage with track rooms",
      `/events/${ROOMS}?view=signage&rotate=3600`,
      '.signage[data-ready="true"]',
      MONDAY_MORNING,
    ],
  ] as const)("the %s overflows nothing", async (_name, path, ready, now) => {
    const context = await suite.newContext({
      now,
      timezoneId: path.includes(LONG_TALKS) ? "Europe/Berlin" : "UTC",
      viewport: { width, height },
    });
    const { page, problems } = await suite.open(context, path);
    await page.locator(ready).first().waitFor();
    if (path.includes(LONG_TALKS) && !path.includes("signage")) {
      expect(await page.locator(".talk-title").first().textContent()).toBe(LONG_WORD);
    }
    if (path === `/events/${ROOMS}`) {
      expect(await page.locator(".track-leads").textContent()).toContain("l".repeat(240));
    }
    const layout = await measureLayout(page, true);
    expect(layout.outside).toEqual([]);
    expect(layout.scroll.width).toBe(width);
    expect(problems).toEqual([]);
    await context.close();
  });
});
