// Times in the viewer's time zone. The fixture's MonA1 has a real start, 2020-06-01T15:00:00Z (09:00 in Denver)
// (the other slots only have labels): it shows in the viewer's local time, is highlighted while
// it runs, and the signage clock shows the local time.
import { describe, expect, it } from "vitest";
import { FIXTURE, SLUG, useBrowserSuite } from "./support.js";

const suite = useBrowserSuite();

/** Monday 2020-06-01, 16:00 UTC: MonA1 (15:00-16:45 UTC, 09:00-10:45 in Denver) is running. */
const MONDAY_MORNING = new Date("2020-06-01T16:00:00Z");

describe("time zones", () => {
  it("has the real start time the test relies on", async () => {
    expect(FIXTURE.slots.Monday?.[0]).toMatchObject({
      name: "MonA1",
      realtime: "2020-06-01T15:00:00Z",
    });
    const state = await suite.apiState();
    expect(state.days[0]?.slots[0]).toMatchObject({
      code: "MonA1",
      startsAt: "2020-06-01T15:00:00.000Z",
    });
  });

  it.each([
    // zone, MonA1's start there (null: the label already says it), the clock at 16:00 UTC
    ["Europe/Berlin", "17:00–18:45", "18:00"],
    ["America/New_York", "11:00–12:45", "12:00"],
    ["America/Denver", null, "10:00"],
  ])("shows MonA1's start in the viewer's zone (%s)", async (timezoneId, start, clock) => {
    const context = await suite.newContext({ timezoneId, now: MONDAY_MORNING });
    const { page, problems } = await suite.open(context, `/widget/?event=${SLUG}`);
    expect(await page.getByRole("tab", { selected: true }).textContent()).toBe("Monday (today)");
    const [first, second] = [page.locator("th.slot").nth(0), page.locator("th.slot").nth(1)];
    expect(await first.locator(".slot-label").textContent()).toBe("09:00-10:45");
    if (start === null) expect(await first.locator(".slot-local").count()).toBe(0);
    else {
      expect(await first.locator(".slot-local").textContent()).toBe(`${start} your time`);
      expect(await first.locator(".slot-local time").getAttribute("datetime")).toBe(
        "2020-06-01T15:00:00.000Z",
      );
    }
    expect(await first.getAttribute("class")).toContain("current");
    // A slot without a real start shows only its label, and is never "current".
    expect(await second.locator(".slot-local, .slot-venue").count()).toBe(0);
    expect(await second.getAttribute("class")).not.toContain("current");

    const signage = await suite.open(context, `/events/${SLUG}?view=signage`);
    // The event has no zone: a hallway screen stands at the venue, so its own clock is venue time.
    expect(await signage.page.locator(".clock-venue").textContent()).toBe(clock);
    expect([...problems, ...signage.problems]).toEqual([]);
    await context.close();
  });
});
