// Venue time: the event is in Denver (America/Denver, first day Monday 2020-06-01); its slots
// only have labels ("10:45-12:30"), which the read model turns into real times. Viewers in
// other zones see the slot running at the venue highlighted, venue times first and their own
// where they differ; the hallway screen shows venue time only.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { updateVenueSettings } from "../../shared/store/venue-time.js";
import { readDenver } from "../support/denver.js";
import { expectedRows, tableRows, useBrowserSuite } from "./support.js";

const suite = useBrowserSuite();
const SLUG = "denver";

/** 17:00 UTC: 11:00 on Monday in Denver (MonA2, 10:45-12:30, is running). */
const DURING_MON_A2 = new Date("2020-06-01T17:00:00Z");

beforeAll(async () => {
  const doc = readDenver() as { slots: Record<string, { realtime?: string }[]> };
  // Labels only: every time comes from the venue's zone and first day.
  for (const slots of Object.values(doc.slots)) for (const slot of slots) delete slot.realtime;
  await importIntoEvent(suite.store.db, SLUG, doc);
  const set = await updateVenueSettings(suite.store.db, SLUG, {
    timeZone: "America/Denver",
    firstDay: "2020-06-01",
  });
  expect(set.ok).toBe(true);
});

async function currentSlot(page: Page): Promise<string[]> {
  return page.locator("th.slot.current .slot-label").allTextContents();
}

describe("venue time", () => {
  it("serves real slot times from the venue's zone and first day", async () => {
    const state = await suite.apiState(SLUG);
    expect(state.timeZone).toBe("America/Denver");
    expect(state.days[0]?.slots[1]).toMatchObject({
      code: "MonA2",
      startsAt: "2020-06-01T16:45:00.000Z",
      durationMinutes: 105,
    });
    expect(state.days[1]?.slots[0]?.startsAt).toBe("2020-06-02T15:00:00.000Z");
  });

  it.each([
    // the viewer's zone, and MonA2's times there ("your time")
    ["Asia/Tokyo", "01:45–03:30", "02:00"],
    ["Europe/Paris", "18:45–20:30", "19:00"],
  ])(
    "highlights the slot running at the venue for a viewer in %s",
    async (timezoneId, local, clock) => {
      const context = await suite.newContext({ timezoneId, now: DURING_MON_A2 });
      const { page, problems } = await suite.open(context, `/events/${SLUG}`);
      // In Tokyo it is already Tuesday; at the venue it is Monday.
      expect(await page.getByRole("tab", { selected: true }).textContent()).toBe("Monday (today)");
      expect(await currentSlot(page)).toEqual(["10:45-12:30"]);
      expect(await page.locator("td.current").count()).toBe(expectedRows("Monday").length);
      const current = page.locator("th.slot.current");
      // The label already says the venue's time; the viewer's own is added.
      expect(await current.locator(".slot-venue").count()).toBe(0);
      expect(await current.locator(".slot-local").textContent()).toBe(`${local} your time`);
      expect(await page.locator(".top .clock-venue").textContent()).toBe("11:00");
      expect(await page.locator(".top .clock-zone").textContent()).toBe(
        "venue time, America/Denver",
      );
      expect(await page.locator(".top .clock-local").textContent()).toBe(`${clock} your time`);

      // The hallway screen: venue time only, and the same slot highlighted.
      const signage = await suite.open(context, `/events/${SLUG}?view=signage&rotate=3600`);
      const screen = signage.page;
      await screen.locator('.signage[data-ready="true"]').waitFor();
      expect(await screen.locator(".clock-venue").textContent()).toBe("11:00");
      expect(await screen.locator(".signage-day").textContent()).toBe("Monday");
      const pages = Number(await screen.locator(".signage").getAttribute("data-pages"));
      const rows: string[][] = [];
      for (let i = 2; i <= pages; i++) {
        await screen.keyboard.press("ArrowRight");
        await screen.locator(`.signage[data-page="${i}"]`).waitFor();
        expect(await currentSlot(screen)).toEqual(["10:45-12:30"]);
        rows.push(...(await tableRows(screen)));
      }
      expect(rows).toEqual(expectedRows("Monday"));
      expect(await screen.locator("body").textContent()).not.toContain("your time");
      expect([...problems, ...signage.problems]).toEqual([]);
      await context.close();
    },
  );

  it("shows no local time where the viewer is in the venue's zone", async () => {
    const context = await suite.newContext({ timezoneId: "America/Denver", now: DURING_MON_A2 });
    const { page } = await suite.open(context, `/events/${SLUG}`);
    expect(await currentSlot(page)).toEqual(["10:45-12:30"]);
    expect(await page.locator(".slot-local, .clock-local").count()).toBe(0);
    await context.close();
  });
});
