// The built widget, served by the real server from the PTGbot fixture as the real core imported
// it: every day, booking and free slot, the views, and how fast the first state shows.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  cspViolations,
  expectedRows,
  FIXTURE,
  fixtureCells,
  ROOT,
  SLUG,
  tableRows,
  useBrowserSuite,
} from "./support.js";

const suite = useBrowserSuite();

/** Monday 2020-06-01, 10:00 in Denver (16:00 UTC): during MonA1, the fixture's one slot with a real start time. */
const MONDAY_MORNING = new Date("2020-06-01T16:00:00Z");
const DAYS = Object.keys(FIXTURE.slots);

describe("the built widget", () => {
  it("has no inline script or style and fits the size budget", () => {
    const html = readFileSync(join(suite.dist, "index.html"), "utf8");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style|\sstyle=/i);
    // Exits 1 above the budget, which makes execFileSync throw.
    const output = execFileSync(process.execPath, [
      join(ROOT, "widget/scripts/check-size.mjs"),
      suite.dist,
    ]).toString();
    console.log(output.trim());
    expect(output).toMatch(/first load: .* \(within the budgets/);
  });
});

/** Checks the whole fixture on a page showing it: every day tab, booking and free slot code. */
async function expectWholeFixture(page: Page): Promise<void> {
  const state = await suite.apiState();
  expect(await page.locator("h1").textContent()).toBe(SLUG);
  expect(await page.title()).toBe(SLUG);
  expect(await page.getByRole("tab").allTextContents()).toEqual(
    DAYS.map((day) => (day === "Monday" ? "Monday (today)" : day)),
  );
  // Today is selected, and its running slot (MonA1) is highlighted in every room open today.
  expect(await page.getByRole("tab", { selected: true }).textContent()).toBe("Monday (today)");
  expect(await page.locator("th.slot.current .slot-label").allTextContents()).toEqual([
    "09:00-10:45",
  ]);
  expect(await page.locator("td.current").count()).toBe(expectedRows("Monday").length);

  let booked = 0;
  let free: string[] = [];
  for (const day of DAYS) {
    await page.getByRole("tab", { name: day }).click();
    const selected = page.getByRole("tab", { selected: true });
    expect(await selected.textContent()).toMatch(new RegExp(`^${day}`));
    expect(await page.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe(
      await selected.getAttribute("id"),
    );
    expect(await page.locator("th.slot .slot-label").allTextContents()).toEqual(
      (FIXTURE.slots[day] ?? []).map((s) => s.desc),
    );
    expect(await tableRows(page)).toEqual(expectedRows(day));
    booked += await page.locator("td .badge").count();
    free = [...free, ...(await page.locator("td code.free").allTextContents())];
  }
  // Every booking and every free cell of the fixture was shown once, free ones by their code.
  const cells = fixtureCells();
  expect(booked).toBe(cells.filter((c) => c.track !== "").length);
  expect(free.sort()).toEqual(
    cells
      .filter((c) => c.track === "")
      .map((c) => `${c.room}-${c.code}`)
      .sort(),
  );

  // Rooms show their description, capabilities and meeting link.
  await page.getByRole("tab", { name: "Monday" }).click();
  const aspen = page.locator("th.room", { hasText: "Aspen" });
  expect(await aspen.textContent()).toContain("Fits a team of 10 · Videoprojection available");
  expect(
    await page.getByRole("link", { name: "Join the Ballroom A video room" }).getAttribute("href"),
  ).toBe("http://meet.jit.si/DEN-ptg-BallroomA");

  // Etherpads (generated, one per track) and the event's links.
  expect(await page.locator(".pads li").count()).toBe(
    new Set([...FIXTURE.tracks, ...cells.map((c) => c.track).filter((t) => t !== "")]).size,
  );
  expect(await page.getByRole("link", { name: "Etherpad of nova" }).getAttribute("href")).toBe(
    `https://etherpad.opendev.org/p/${SLUG}-nova`,
  );
  for (const [label, url] of Object.entries(FIXTURE.links)) {
    expect(await page.getByRole("link", { name: label }).getAttribute("href")).toBe(url);
  }
  expect(await page.locator(".help").textContent()).toContain("#TRACK book ROOM-SLOT");
  expect(await page.locator(".updated time").getAttribute("datetime")).toBe(state.updatedAt);
}

describe("the PTGbot fixture", () => {
  it.each([
    ["the public page", `/events/${SLUG}`],
    ["the widget", `/widget/?event=${SLUG}`],
  ])("renders whole on %s", async (_name, path) => {
    const context = await suite.newContext({ now: MONDAY_MORNING });
    const { page, problems } = await suite.open(context, path);
    await expectWholeFixture(page);
    expect(await page.locator(".live").textContent()).toBe("Live");
    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("marks the first render (its time is logged; bench/ measures speed)", async () => {
    const context = await suite.newContext();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { page } = await suite.open(context, `/widget/?event=${SLUG}`);
      const firstRender = await page.evaluate<number>(
        "performance.getEntriesByName('ptg:first-render')[0]?.startTime ?? -1",
      );
      times.push(Math.round(firstRender));
      expect(firstRender).toBeGreaterThan(0);
      await page.close();
    }
    console.log(`first render: ${times.join(", ")} ms after navigation start (3 loads)`);
    await context.close();
  });

  it("selects the first day when the event does not run today", async () => {
    const context = await suite.newContext({ now: new Date("2020-06-07T10:00:00Z") }); // Sunday
    const { page } = await suite.open(context, `/widget/?event=${SLUG}`);
    expect(await page.getByRole("tab", { selected: true }).textContent()).toBe("Monday");
    expect(await page.locator(".current").count()).toBe(0);
    await context.close();
  });

  it("moves between day tabs with the keyboard", async () => {
    const context = await suite.newContext({ now: new Date("2020-06-03T10:00:00Z") }); // Wed
    const { page } = await suite.open(context, `/widget/?event=${SLUG}`);
    const selected = page.getByRole("tab", { selected: true });
    expect(await selected.textContent()).toBe("Wednesday (today)");
    await selected.focus();
    expect(await page.locator("[role=tab][tabindex='0']").count()).toBe(1);
    await page.keyboard.press("ArrowRight");
    expect(await selected.textContent()).toBe("Thursday");
    expect(await page.evaluate<string>("document.activeElement.textContent")).toBe("Thursday");
    await page.keyboard.press("End");
    expect(await selected.textContent()).toBe("Friday");
    await page.keyboard.press("ArrowRight");
    expect(await selected.textContent()).toBe("Monday");
    await page.keyboard.press("ArrowLeft");
    expect(await selected.textContent()).toBe("Friday");
    await page.keyboard.press("Home");
    expect(await selected.textContent()).toBe("Monday");
    expect(await tableRows(page)).toEqual(expectedRows("Monday"));
    await context.close();
  });
});

describe("views", () => {
  it("answers 404 for an unknown event at /events/:slug", async () => {
    const response = await fetch(`${suite.origin}/events/no-such-event`);
    expect(response.status).toBe(404);
  });

  it("shows what is on now, then today's schedule, in large type as signage", async () => {
    const context = await suite.newContext({
      now: new Date("2020-06-03T10:00:00Z"), // Wednesday
      viewport: { width: 1920, height: 1080 },
    });
    const { page, problems } = await suite.open(context, `/events/${SLUG}?view=signage`);
    expect(await page.getByRole("tablist").count()).toBe(0);
    expect(await page.locator(".help, .pads, .filter").count()).toBe(0);
    expect(await page.locator(".signage-day").textContent()).toBe("Wednesday");
    // Nothing is on now: one page says so; the day's schedule follows, a block of rooms per
    // page, together the whole day.
    await page.locator('.signage[data-ready="true"]').waitFor();
    expect(await page.locator(".sign-quiet").textContent()).toBe("Nothing announced right now.");
    const pages = Number(await page.locator(".signage").getAttribute("data-pages"));
    const rows: string[][] = [];
    for (let i = 2; i <= pages; i++) {
      await page.keyboard.press("ArrowRight");
      await page.locator(`.signage[data-page="${i}"]`).waitFor();
      rows.push(...(await tableRows(page)));
    }
    expect(rows).toEqual(expectedRows("Wednesday"));
    const fontSize = await page.evaluate<number>(
      "parseFloat(getComputedStyle(document.documentElement).fontSize)",
    );
    expect(fontSize).toBeGreaterThan(20); // the page uses 15px
    expect(problems).toEqual([]);
    await context.close();
  });

  it("follows the theme parameter", async () => {
    const context = await suite.newContext();
    const dark = await suite.open(context, `/widget/?event=${SLUG}&theme=dark`);
    expect(await dark.page.locator("html").getAttribute("data-theme")).toBe("dark");
    const background = await dark.page.evaluate<string>(
      "getComputedStyle(document.documentElement).backgroundColor",
    );
    const element = await suite.open(
      context,
      `/widget/?event=${SLUG}&org.matrix.msc2873.client_theme=light-high-contrast`,
    );
    expect(await element.page.locator("html").getAttribute("data-theme")).toBe("light");
    expect(
      await element.page.evaluate<string>(
        "getComputedStyle(document.documentElement).backgroundColor",
      ),
    ).not.toBe(background);
    await context.close();
  });
});
