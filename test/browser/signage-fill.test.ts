// The hallway screen fills the screen: at 1920×1080 and 3840×2160, landscape and portrait, with 4
// live tracks as with 44, the first page's content boxes (the header's parts, the headings, the
// cards) cover at least 70% of the viewport. With 4 tracks everything fits on one page: the type
// grows and the meeting links show as QR codes. The rotation pauses and restarts with its button
// and with the space key.
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
const EVENTS = { "fill-4": 4, "fill-44": 44 } as const;
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  { width: 1080, height: 1920 },
  { width: 2160, height: 3840 },
];
const MIN_FILL = 0.7;

beforeAll(async () => {
  for (const [slug, count] of Object.entries(EVENTS)) {
    const doc = liveEventDoc(count);
    doc.urls = Object.fromEntries(
      doc.tracks.map((track) => [track, `https://meet.example.org/${track}`]),
    );
    await importIntoEvent(suite.store.db, slug, doc);
    const set = await updateVenueSettings(suite.store.db, slug, {
      timeZone: "UTC",
      firstDay: "2020-06-01",
    });
    expect(set.ok).toBe(true);
  }
});

/**
 * The share of the viewport covered by the union of the content boxes, counted on a grid of
 * 4×4 px cells (a cell counts when its centre is inside some box).
 */
function fillRatio(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    const cell = 4, vw = window.innerWidth, vh = window.innerHeight;
    const cols = Math.ceil(vw / cell), rows = Math.ceil(vh / cell);
    const covered = new Uint8Array(cols * rows);
    const boxes = document.querySelectorAll(
      ".signage .top > *, .signage-page .sign-heading, .signage-page [data-item] > *, .signage-page table",
    );
    for (const el of boxes) {
      const r = el.getBoundingClientRect();
      const x0 = Math.max(0, Math.ceil(r.left / cell - 0.5)), x1 = Math.min(cols, Math.ceil(r.right / cell - 0.5));
      const y0 = Math.max(0, Math.ceil(r.top / cell - 0.5)), y1 = Math.min(rows, Math.ceil(r.bottom / cell - 0.5));
      for (let y = y0; y < y1; y++) covered.fill(1, y * cols + x0, y * cols + Math.max(x0, x1));
    }
    return covered.reduce((n, c) => n + c, 0) / (cols * rows);
  })()`);
}

describe.each(Object.entries(EVENTS))("signage of %s live tracks", (slug, count) => {
  it.each(SIZES)("fills $width×$height at least 70% on its first page", async (size) => {
    const context = await suite.newContext({ now: MONDAY_MORNING, viewport: size });
    const { page, problems } = await suite.open(
      context,
      `/events/${slug}?view=signage&rotate=3600`,
    );
    await page.locator('.signage[data-ready="true"][data-page="1"]').waitFor();
    if (count === 4) {
      // Everything on one page, in large type, with a QR code per meeting link.
      await page.locator("svg.sign-qr").first().waitFor();
      expect(await page.locator("svg.sign-qr").count()).toBe(count);
      expect(await page.locator(".sign-flow-grown").count()).toBe(1);
    }
    const fill = await fillRatio(page);
    if (process.env.SIGNAGE_SHOTS) {
      await page.screenshot({
        path: `${process.env.SIGNAGE_SHOTS}/${slug}-${size.width}x${size.height}.png`,
      });
    }
    expect(fill, `${slug} at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(MIN_FILL);
    const layout = await measureLayout(page, false);
    expect(layout.outside).toEqual([]);
    expect(layout.scroll).toEqual(layout.viewport);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("pausing the rotation", () => {
  it("stops and restarts with the visible button and with the space key", async () => {
    const context = await suite.newContext({
      now: MONDAY_MORNING,
      viewport: { width: 1920, height: 1080 },
    });
    const { page, problems } = await suite.open(context, `/events/fill-44?view=signage&rotate=1`);
    await page.locator('.signage[data-ready="true"]').waitFor();
    const pause = page.getByRole("button", { name: /Pause/ });
    expect(await pause.isVisible()).toBe(true);
    const box = await pause.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(24);
    expect(box?.height).toBeGreaterThanOrEqual(24);

    // Space pauses: the page on screen stays for three intervals, while the button shows it.
    await page.locator('.signage[data-page="2"]').waitFor({ timeout: 10_000 });
    await page.keyboard.press("Space");
    await page.locator('.sign-pause[aria-pressed="true"]').waitFor();
    const held = await page.locator(".signage").getAttribute("data-page");
    // A marker that fires after three rotation intervals, inside the page.
    await page.evaluate("new Promise((resolve) => setTimeout(resolve, 3200))");
    expect(await page.locator(".signage").getAttribute("data-page")).toBe(held);
    // The arrow keys still turn pages by hand while paused.
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.locator(".signage").getAttribute("data-page")).not.toBe(held);

    // The button restarts it: the pages turn by themselves again.
    await pause.click();
    await page.locator('.sign-pause[aria-pressed="false"]').waitFor();
    const from = await page.locator(".signage").getAttribute("data-page");
    await expect
      .poll(() => page.locator(".signage").getAttribute("data-page"), { timeout: 5000 })
      .not.toBe(from);
    // And pauses it again.
    await pause.click();
    await page.locator('.sign-pause[aria-pressed="true"]').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
