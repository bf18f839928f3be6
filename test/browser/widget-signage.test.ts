// The hallway screen with every track live: 44 tracks (the fixture's) and a 500-track event, at
// 1280×720, 1920×1080 and 3840×2160, landscape and portrait. Every page fits the screen (no
// element's box past it, the document no larger than it), the pages rotate by themselves, and
// every live track is on some page, with where it meets.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { updateVenueSettings } from "../../shared/store/venue-time.js";
import { measureLayout } from "./layout-checks.js";
import { useBrowserSuite } from "./support.js";
import { liveEventDoc } from "./venue-docs.js";

const suite = useBrowserSuite();

/** Monday 2020-06-01, 10:00 at the venue (UTC): MonA1 is running. */
const MONDAY_MORNING = new Date("2020-06-01T10:00:00Z");

const EVENTS = { "hall-44": 44, "hall-500": 500 } as const;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  { width: 720, height: 1280 },
  { width: 1080, height: 1920 },
];

beforeAll(async () => {
  for (const [slug, count] of Object.entries(EVENTS)) {
    await importIntoEvent(suite.store.db, slug, liveEventDoc(count));
    const set = await updateVenueSettings(suite.store.db, slug, {
      timeZone: "UTC",
      firstDay: "2020-06-01",
    });
    expect(set.ok).toBe(true);
  }
});

async function pageNumber(page: Page): Promise<{ page: number; pages: number }> {
  const root = page.locator(".signage");
  return {
    page: Number(await root.getAttribute("data-page")),
    pages: Number(await root.getAttribute("data-pages")),
  };
}

/** Checks that what is on screen fits it, and returns the tracks it shows as live now. */
async function checkScreen(page: Page, label: string): Promise<string[]> {
  const layout = await measureLayout(page, false);
  expect(layout.outside, label).toEqual([]);
  expect(layout.scroll, label).toEqual(layout.viewport);
  return page.evaluate<string[]>(
    `[...document.querySelectorAll(".sign-now")].map((c) => c.getAttribute("data-track") ?? "")`,
  );
}

describe.each(Object.entries(EVENTS))("signage of %s live tracks", (slug, count) => {
  it.each(SIZES)("fits $width×$height on every page and shows every live track", async (size) => {
    const context = await suite.newContext({ now: MONDAY_MORNING, viewport: size });
    // A long interval: this test turns the pages itself (with the arrow key), as fast as it can.
    const { page, problems } = await suite.open(
      context,
      `/events/${slug}?view=signage&rotate=3600`,
    );
    await page.locator('.signage[data-ready="true"]').waitFor();
    const state = await suite.apiState(slug);
    const live = state.tracks.filter((t) => t.now !== null).map((t) => t.name);
    expect(live).toHaveLength(count);

    // Now comes first: the first page shows the banners, then live tracks with their rooms.
    expect(await page.locator(".sign-heading").first().textContent()).toBe("Now");
    const firstCard = page.locator(".sign-now").first();
    expect(await firstCard.locator(".where").textContent()).toBe(
      `Where: ${state.tracks[0]?.location ?? ""}`,
    );

    const { pages } = await pageNumber(page);
    expect(pages).toBeGreaterThan(1);
    const seen = new Set<string>();
    const headings = new Set<string>();
    for (let i = 1; i <= pages; i++) {
      if (i > 1) {
        await page.keyboard.press("ArrowRight");
        await page.locator(`.signage[data-page="${i}"]`).waitFor();
      }
      for (const track of await checkScreen(
        page,
        `${slug} ${size.width}×${size.height} page ${i}`,
      )) {
        seen.add(track);
      }
      for (const h of await page.locator(".sign-heading").allTextContents()) headings.add(h);
    }
    expect([...seen].sort()).toEqual([...live].sort());
    expect(headings).toContain("Coming next");
    // Past the last page comes the first again.
    await page.keyboard.press("ArrowRight");
    await page.locator('.signage[data-page="1"]').waitFor();
    // Large type: about 2.3% of the screen's height (2% of its width in portrait).
    const fontSize = await page.evaluate<number>(
      "parseFloat(getComputedStyle(document.documentElement).fontSize)",
    );
    expect(fontSize).toBeGreaterThanOrEqual(
      Math.max(14, Math.min(0.02 * size.width, 0.023 * size.height)) - 0.5,
    );
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("rotation", () => {
  it("turns the pages by itself at the interval the URL sets, and starts over", async () => {
    const context = await suite.newContext({
      now: MONDAY_MORNING,
      viewport: { width: 1920, height: 1080 },
    });
    const { page, problems } = await suite.open(context, `/events/hall-44?view=signage&rotate=1`);
    await page.locator('.signage[data-ready="true"]').waitFor();
    const { pages } = await pageNumber(page);
    expect(pages).toBeGreaterThan(2);
    for (const next of [2, 3]) {
      await page.locator(`.signage[data-page="${next}"]`).waitFor({ timeout: 10_000 });
    }
    await page.locator('.signage[data-page="1"]').waitFor({ timeout: (pages + 2) * 2000 });
    expect(await page.locator(".sign-pager").textContent()).toBe(`1/${pages}`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("measures again when the screen changes size, and still fits", async () => {
    const context = await suite.newContext({
      now: MONDAY_MORNING,
      viewport: { width: 1920, height: 1080 },
    });
    const { page } = await suite.open(context, `/events/hall-44?view=signage&rotate=3600`);
    await page.locator('.signage[data-ready="true"]').waitFor();
    const wide = (await pageNumber(page)).pages;
    await page.setViewportSize({ width: 1080, height: 1920 });
    await expect.poll(async () => (await pageNumber(page)).pages).not.toBe(wide);
    await page.locator('.signage[data-ready="true"]').waitFor();
    await checkScreen(page, "after the resize");
    await context.close();
  });
});
