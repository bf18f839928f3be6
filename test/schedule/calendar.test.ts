// Re-importing a schedule with one talk moved, one cancelled and one added: the right counts,
// and in the calendar the moved talk keeps its UID with a higher SEQUENCE, the cancelled one is
// gone and the new one is there.
import ICAL from "ical.js";
import { describe, expect, it, vi } from "vitest";
import { storeKinds } from "../support/stores.js";
import { useFixtureServer } from "../server/support.js";
import { c3voc, importDocument, movedCancelledAdded } from "./helpers.js";

/** UID → [SEQUENCE, DTSTART] of each VEVENT. */
function entries(ics: string): Map<string, [number, string]> {
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  return new Map(
    calendar
      .getAllSubcomponents("vevent")
      .map((e) => [
        String(e.getFirstPropertyValue("uid")),
        [Number(e.getFirstPropertyValue("sequence")), String(e.getFirstPropertyValue("dtstart"))],
      ]),
  );
}

describe.each(storeKinds())("calendars of imported talks (%s)", (kind) => {
  const served = useFixtureServer(kind);

  it("keeps UIDs, raises SEQUENCE of a moved talk, drops the cancelled, adds the new", async () => {
    await importDocument(served.store.db, "tram-ics", c3voc());
    const before = entries((await served.app.inject("/events/tram-ics/ical")).body);
    const moved = "5b0e6a1e-1111-4c4c-8a8a-000000000001@ptg.test";
    const cancelled = "5b0e6a1e-1111-4c4c-8a8a-000000000004@ptg.test";
    const added = "5b0e6a1e-1111-4c4c-8a8a-000000000005@ptg.test";
    expect(before.get(moved)?.[0]).toBe(0);
    expect(before.has(cancelled)).toBe(true);

    const doc = movedCancelledAdded();
    expect((await importDocument(served.store.db, "tram-ics", doc)).reply).toBe(
      "Imported into tram-ics: 1 added, 1 changed, 1 removed (version 1.0 → 1.1)",
    );

    // The server follows the change as its feed hears of it.
    const after = await vi.waitFor(async () => {
      const now = entries((await served.app.inject("/events/tram-ics/ical")).body);
      expect(now.get(moved)?.[0]).toBe(1);
      return now;
    });
    expect(after.get(moved)?.[1]).toBe("2026-12-27T11:00:00Z");
    expect(after.has(cancelled)).toBe(false);
    expect(after.get(added)?.[0]).toBe(0);
    // A talk that did not change keeps its SEQUENCE.
    expect(after.get("5b0e6a1e-1111-4c4c-8a8a-000000000002@ptg.test")?.[0]).toBe(0);
    // The track's own calendar has its talks.
    const track = entries(
      (await served.app.inject("/events/tram-ics/tracks/kunst-kultur.ics")).body,
    );
    expect([...track.keys()]).toEqual([moved]);
  });
});
