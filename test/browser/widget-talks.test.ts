// An imported conference schedule (c3voc fixture) on the page and the hallway screen: talks with
// their real times and lengths in venue time, overlapping talks in one room both shown, a talk
// after midnight under its conference day, the ones running now marked; signage shows the talks
// running now and the next one per room. In German too. An event whose tracks announce nothing
// shows its talks in "Now" and "Coming next", also in the compact view of Element's top panel.
import { beforeAll, describe, expect, it } from "vitest";
import { c3voc, importDocument } from "../schedule/helpers.js";
import { useBrowserSuite } from "./support.js";

const suite = useBrowserSuite();
const SLUG = "tram-page";
// 10:40 in Berlin on the first day: "Über Bäume" (10:00–10:45) and "Ωmega" (10:30–12:00) run.
const NOW = new Date("2026-12-27T09:40:00Z");

beforeAll(async () => {
  expect((await importDocument(suite.store.db, SLUG, c3voc())).result).toBe("ok");
});

describe("talks of an imported schedule", () => {
  it("show on the page with real times, lengths, rooms and speakers", async () => {
    const context = await suite.newContext({ timezoneId: "Europe/Berlin", now: NOW });
    const { page, problems } = await suite.open(context, `/events/${SLUG}`);
    const items = page.locator(".talk-schedule .talk-item");
    await items.first().waitFor();
    // The talk list came as a chunk of its own, styled from the start (a page without talks does
    // not load it: widget-chunks.test.ts).
    expect(
      await page.evaluate<boolean>(
        `[...document.styleSheets].some((s) => (s.href ?? "").includes("/assets/TalkItem-"))`,
      ),
    ).toBe(true);
    const column = (selector: string) => items.locator(selector).allTextContents();
    expect(await column(".talk-time")).toEqual(["10:00–10:45", "10:30–12:00", "00:30–01:00"]);
    expect(await column(".talk-length")).toEqual(["45 min", "90 min", "30 min"]);
    expect(await column(".talk-title")).toEqual([
      "Über Bäume und Oberleitungen",
      "Ωmega: Weichen in Echtzeit",
      "Nachteule: die letzte Bahn",
    ]);
    expect(await column(".where")).toEqual([
      "Where: Saal Ada",
      "Where: Saal Ada",
      "Where: Salle Émile",
    ]);
    expect(
      await page.locator(".talk-schedule .talk-item.current .talk-title").allTextContents(),
    ).toEqual(["Über Bäume und Oberleitungen", "Ωmega: Weichen in Echtzeit"]);
    expect(await items.nth(1).locator(".talk-persons").textContent()).toBe(
      "with 李雷, Søren Ørsted",
    );
    expect(await page.locator(".tabs [role=tab]").allTextContents()).toEqual([
      "Sunday (today)",
      "Monday",
    ]);
    // No empty grid beside it.
    expect(await page.locator("table.schedule").count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("show on signage: the talks running now, and the next talk per room", async () => {
    const context = await suite.newContext({ timezoneId: "Europe/Berlin", now: NOW });
    const { page, problems } = await suite.open(context, `/events/${SLUG}?view=signage`);
    await page.locator(".signage[data-ready=true]").waitFor();
    const talks = await page.locator(".sign-talk .talk-title").allTextContents();
    expect(talks).toEqual(["Über Bäume und Oberleitungen", "Ωmega: Weichen in Echtzeit"]);
    expect(problems).toEqual([]);
    await context.close();

    // An hour earlier nothing runs: the next talk of Saal Ada (not its later one) comes next.
    const early = await suite.newContext({
      timezoneId: "Europe/Berlin",
      now: new Date(NOW.getTime() - 60 * 60_000),
    });
    const second = await suite.open(early, `/events/${SLUG}?view=signage`);
    await second.page.locator(".signage[data-ready=true]").waitFor();
    const next = await second.page.locator(".sign-talk .talk-title").allTextContents();
    expect(next).toEqual(["Über Bäume und Oberleitungen"]);
    expect(await second.page.locator(".sign-heading").allTextContents()).toContain("Coming next");
    await early.close();
  });

  it("fill Now and Coming next when the tracks announce nothing, also in the top panel", async () => {
    const shots = process.env.PTG_SCREENSHOTS;
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 833, height: 281 },
    ]) {
      const context = await suite.newContext({ timezoneId: "Europe/Berlin", now: NOW, viewport });
      // A widget id makes it the widget's view: compact in a frame as short as the top panel.
      const query = viewport.height < 400 ? "?widgetId=ptg" : "";
      const { page } = await suite.open(context, `/events/${SLUG}${query}`);
      const now = page.locator(".now .topic-row");
      await now.first().waitFor();
      expect(await now.locator(".topic-text").allTextContents()).toEqual([
        "Über Bäume und Oberleitungen",
        "Ωmega: Weichen in Echtzeit",
      ]);
      expect(await now.first().textContent()).toContain("10:00–10:45");
      expect(await now.first().isVisible()).toBe(true);
      // Saal Ada's next talk is after midnight, beyond the three hours looked ahead.
      expect(await page.locator(".next .empty").textContent()).toBe("Nothing announced right now.");
      if (shots)
        await page.screenshot({
          path: `${shots}/talks-now-${viewport.width}x${viewport.height}.png`,
        });
      await context.close();
    }

    // An hour earlier nothing runs, and the first talk comes next, with its start.
    const early = await suite.newContext({
      timezoneId: "Europe/Berlin",
      now: new Date(NOW.getTime() - 60 * 60_000),
    });
    const { page } = await suite.open(early, `/events/${SLUG}`);
    const next = page.locator(".next .topic-row");
    await next.first().waitFor();
    expect(await next.locator(".topic-text").allTextContents()).toEqual([
      "Über Bäume und Oberleitungen",
    ]);
    expect(await next.first().textContent()).toContain("at 10:00");
    expect(await page.locator(".now .empty").textContent()).toBe("Nothing announced right now.");
    await early.close();
  });

  it("speak German", async () => {
    const context = await suite.newContext({ timezoneId: "Europe/Berlin", now: NOW });
    const { page } = await suite.open(context, `/events/${SLUG}?lang=de`);
    const first = page.locator(".talk-schedule .talk-item").first();
    await first.waitFor();
    expect(await first.locator(".talk-length").textContent()).toBe("45 Min.");
    expect(await first.locator(".now-tag").textContent()).toBe("jetzt");
    expect(await page.locator(".talk-schedule h2").textContent()).toBe("Zeitplan");
    await context.close();
  });
});
