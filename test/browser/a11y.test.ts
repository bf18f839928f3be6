// WCAG 2.2 AA, checked by axe-core in Chromium: the public page, the widget as a read-only page,
// the help page and signage, in light and dark, have no violation at any impact (the widget
// signed in, inside a Matrix client, is checked in widget-actions.test.ts). Live changes are
// announced in one line through a polite live region. With prefers-reduced-motion, nothing
// animates.
import { describe, expect, it } from "vitest";
import { axeViolations } from "./axe.js";
import { SLUG, useBrowserSuite } from "./support.js";

const suite = useBrowserSuite();

/** Monday 2020-06-01, 10:00 UTC: the fixture's first slot is running. */
const MONDAY_MORNING = new Date("2020-06-01T10:00:00Z");

const VIEWS = [
  { name: "the public page", path: `/events/${SLUG}`, ready: ".page" },
  { name: "the widget, not signed in", path: `/widget/?event=${SLUG}`, ready: ".page" },
  {
    name: "signage",
    path: `/events/${SLUG}?view=signage&rotate=3600`,
    ready: '.signage[data-ready="true"]',
  },
  { name: "the help page", path: "/help", ready: "h1" },
];

describe.each(["light", "dark"] as const)("in the %s theme", (theme) => {
  it.each(VIEWS)("$name has no axe violation", async ({ path, ready }) => {
    const context = await suite.browser.newContext({
      colorScheme: theme,
      locale: "en-GB",
      timezoneId: "UTC",
      viewport: { width: 1280, height: 900 },
    });
    await context.clock.setFixedTime(MONDAY_MORNING);
    const page = await context.newPage();
    await page.goto(suite.origin + path);
    await page.locator(ready).first().waitFor();
    if (path !== "/help") {
      expect(await page.evaluate<string>("document.documentElement.dataset.theme")).toBe(theme);
    }
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe("the live region", () => {
  it("announces a change in one short line, politely", async () => {
    const context = await suite.newContext();
    const { page, problems } = await suite.open(context, `/events/${SLUG}`);
    const region = page.locator(".announcer");
    expect(await region.getAttribute("aria-live")).toBe("polite");
    expect(await region.textContent()).toBe("");
    await suite.command("#nova now announced politely");
    await expect.poll(() => region.textContent()).toBe("nova now: announced politely");
    await suite.command("#nova clean");
    await expect.poll(() => region.textContent()).toBe("1 track changed");
    await suite.command("~motd add info announced too");
    await expect.poll(() => region.textContent()).toBe("News changed");
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("reduced motion", () => {
  it("stops animations and transitions when the system asks for less motion", async () => {
    const context = await suite.browser.newContext({ reducedMotion: "reduce" });
    const page = await context.newPage();
    await page.goto(`${suite.origin}/events/${SLUG}`);
    await page.locator(".page").waitFor();
    const longest =
      await page.evaluate<number>(`Math.max(0, ...[...document.querySelectorAll("*")].map((el) => {
      const s = getComputedStyle(el);
      const secs = (v) => Math.max(...v.split(",").map((x) => parseFloat(x) * (x.trim().endsWith("ms") ? 0.001 : 1)));
      return Math.max(secs(s.animationDuration), secs(s.transitionDuration));
    }))`);
    expect(longest).toBeLessThanOrEqual(0.001);
    await context.close();
  });
});
