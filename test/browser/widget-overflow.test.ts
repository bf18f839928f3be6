// Nothing overflows: with 500-character values in every text field (words that cannot break,
// and long sentences), a 64-character track name and a long Matrix room id, no view is wider
// than the screen at 390, 1280 and 1920 px: the page, the Matrix widget and the signage.
import { beforeAll, describe, expect, it } from "vitest";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { bindChatRoom, findEvent } from "../../shared/store/events.js";
import { updateVenueSettings } from "../../shared/store/venue-time.js";
import { measureLayout } from "./layout-checks.js";
import { runAs, useBrowserSuite } from "./support.js";
import { LONG_WORD, liveEventDoc, makeEverythingLong } from "./venue-docs.js";

const suite = useBrowserSuite();
const SLUG = "long";
const LONGEST_TRACK = `t${"x".repeat(62)}1`;
const MONDAY_MORNING = new Date("2020-06-01T10:00:00Z");

beforeAll(async () => {
  const doc = liveEventDoc(44);
  doc.tracks.push(LONGEST_TRACK);
  doc.now[LONGEST_TRACK] = "placeholder";
  doc.next[LONGEST_TRACK] = ["placeholder"];
  await importIntoEvent(suite.store.db, SLUG, doc);
  await updateVenueSettings(suite.store.db, SLUG, {
    timeZone: "Europe/Berlin",
    firstDay: "2020-06-01",
    ircChannel: `ircs://irc.example.org/#${"c".repeat(63)}`,
  });
  const event = await findEvent(suite.store.db, SLUG);
  if (event === undefined) throw new Error("no event");
  await bindChatRoom(suite.store.db, `!${"r".repeat(200)}:example.org`, event.id);
  const checkIn = await runAs(suite.store, `+in #${LONGEST_TRACK}`, { slug: SLUG });
  expect(checkIn.status).toBe("done");
  await makeEverythingLong(suite.store, SLUG);
});

const VIEWS = [
  ["page", `/events/${SLUG}`],
  ["widget", `/widget/?event=${SLUG}`],
  ["signage", `/events/${SLUG}?view=signage&rotate=3600`],
] as const;

describe.each([390, 1280, 1920])("at %i px wide", (width) => {
  it.each(VIEWS)("the %s is no wider than the screen", async (view, path) => {
    const context = await suite.newContext({
      now: MONDAY_MORNING,
      viewport: { width, height: width === 390 ? 844 : width === 1280 ? 800 : 1080 },
    });
    const { page, problems } = await suite.open(context, path);
    // The long values are on screen.
    expect(await page.locator("h1").textContent()).toBe(LONG_WORD);
    const screens = view === "signage" ? 4 : 1;
    if (view === "signage") await page.locator('.signage[data-ready="true"]').waitFor();
    else {
      expect(await page.locator(".now .where").first().textContent()).toBe(`Where: ${LONG_WORD}`);
      expect(await page.locator(".banner").first().textContent()).toContain(LONG_WORD);
    }
    for (let i = 1; i <= screens; i++) {
      if (i > 1) {
        await page.keyboard.press("ArrowRight");
        await page.locator(`.signage[data-page="${i}"]`).waitFor();
      }
      const layout = await measureLayout(page, true);
      expect(layout.outside, `${view} ${width} screen ${i}`).toEqual([]);
      expect(layout.scroll.width).toBe(width);
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
