// The demo schedule agrees with itself: loaded as `npm start` loads it into a new database, every
// slot's real start, in the demo's venue time (Denver), is the time its label says, the first
// slot (which carries its own `realtime`) included; and each lasts as long as its label says.
import { describe, expect, it } from "vitest";
import { DEMO_VENUE, prepareDefaultEvent } from "../../bin/default-event.js";
import { parseSlotLabel } from "../../shared/domain/slot-times.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { useStore } from "../support/stores.js";

const store = useStore("pglite");

/** "09:00" for an instant in `timeZone`. */
function wallClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));
}

describe("the demo data", () => {
  it("gives every slot the real time its label says, in Denver", async () => {
    await prepareDefaultEvent(store(), { defaultEvent: "demo", databaseUrl: null, demo: true });
    const state = await loadEventState(store().db, "demo");
    expect(state?.timeZone).toBe(DEMO_VENUE.timeZone);
    const slots = state?.days.flatMap((day) => day.slots) ?? [];
    expect(slots.length).toBeGreaterThan(10);
    for (const slot of slots) {
      const label = parseSlotLabel(slot.label);
      expect(label, slot.code).not.toBeNull();
      expect(slot.startsAt, slot.code).not.toBeNull();
      const start = label?.startMinutes ?? 0;
      const labelled = `${String(Math.floor(start / 60)).padStart(2, "0")}:${String(start % 60).padStart(2, "0")}`;
      expect(wallClock(slot.startsAt ?? "", DEMO_VENUE.timeZone), slot.code).toBe(labelled);
      expect(slot.durationMinutes, slot.code).toBe(label?.durationMinutes);
    }
    // The first slot is Monday 1 June 2020 at 09:00 in Denver (15:00 UTC), as its realtime says.
    expect(new Date(slots[0]?.startsAt ?? "").toISOString()).toBe("2020-06-01T15:00:00.000Z");
  });
});
