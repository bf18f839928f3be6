// Booking rules (issue 22) through runCommand, on every store: `~rules …`, a lead's booking past
// a rule refused and an admin's applied and noted, with hours from real start times, from slot
// labels, and one slot = one unit.
import { describe, expect, it } from "vitest";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { storeKinds } from "../support/stores.js";
import { alice, bob, newSlug, TestEvent, useStore } from "./support.js";

type Slot = { name: string; desc: string; realtime?: string };

/** An event with #nova (led by Alice) and #swift, one room offering these Tuesday slots. */
async function eventWith(ev: TestEvent, tuesday: Slot[], wednesday: Slot[] = []) {
  const slots = { Tuesday: tuesday, ...(wednesday.length > 0 ? { Wednesday: wednesday } : {}) };
  const offers = Object.fromEntries([...tuesday, ...wednesday].map((s) => [s.name, ""]));
  await importIntoEvent(ev.db, ev.slug, {
    eventid: ev.slug,
    tracks: ["nova", "swift"],
    slots,
    schedule: { Aspen: offers },
  });
  await ev.ok(`#nova leads add ${alice.id}`);
  return ev;
}

const at = (hour: number) => `2026-06-02T${String(hour).padStart(2, "0")}:00:00Z`;
/** Real starts 09:00, 11:00, 12:00, 13:00, 14:00: the first is two hours long, the others one. */
const REAL: Slot[] = [9, 11, 12, 13, 14].map((hour, i) => ({
  name: `Tue${i + 1}`,
  desc: `Slot ${i + 1}`,
  realtime: at(hour),
}));
const LABELLED: Slot[] = ["09:00-10:45", "10:45-12:30", "13:30-15:15", "15:15-17:00"].map(
  (desc, i) => ({ name: `Tue${i + 1}`, desc }),
);
const PLAIN: Slot[] = ["Morning", "Late morning", "Afternoon"].map((desc, i) => ({
  name: `Tue${i + 1}`,
  desc,
}));

describe.each(storeKinds())("booking rules (%s)", (kind) => {
  const store = useStore(kind);
  const fresh = () => new TestEvent(store().db, newSlug());

  it("has none by default, and books as before", async () => {
    const ev = await eventWith(fresh(), PLAIN);
    expect(await ev.reply("~rules", { actor: bob })).toBe(
      "No booking rules (counted in slots, one slot = one unit)",
    );
    for (const slot of ["Tue1", "Tue2", "Tue3"])
      await ev.ok(`#nova book Aspen-${slot}`, { actor: bob });
  });

  it("counts real durations: the fifth hour on a day is refused for a lead, applied for an admin", async () => {
    const ev = await eventWith(fresh(), REAL);
    expect(await ev.reply("~rules perday 4")).toBe(
      "Each track books at most 4 hours a day (hours from the slots' real times)",
    );
    await ev.ok("#nova book Aspen-Tue1", { actor: alice });
    await ev.ok("#nova book Aspen-Tue2", { actor: alice });
    await ev.ok("#nova book Aspen-Tue3", { actor: alice });
    expect(await ev.refused("#nova book Aspen-Tue4", { actor: alice })).toBe(
      "#nova has 4 of 4 hours on Tuesday; ask an admin",
    );
    expect(await ev.reply("#nova book Aspen-Tue4")).toBe(
      "Room Aspen is now booked on Tue4 for nova (over the booking rules: #nova has 4 of 4 hours on Tuesday)",
    );
    expect(await ev.booking("Aspen", "Tue4")).toBe("nova");
    // Another track has its own hours.
    await ev.ok("#swift book Aspen-Tue5", { actor: bob });
  });

  it("counts the venue times of labels", async () => {
    const ev = await eventWith(fresh(), LABELLED);
    expect(await ev.reply("~rules perday 4")).toBe(
      "Each track books at most 4 hours a day (hours from the slot labels' times)",
    );
    await ev.ok("#nova book Aspen-Tue1", { actor: alice });
    await ev.ok("#nova book Aspen-Tue2", { actor: alice });
    expect(await ev.refused("#nova book Aspen-Tue3", { actor: alice })).toBe(
      "#nova has 3.5 of 4 hours on Tuesday; ask an admin",
    );
  });

  it("counts slots when they have no times, per day and in total", async () => {
    const ev = await eventWith(fresh(), PLAIN, [
      { name: "Wed1", desc: "Morning" },
      { name: "Wed2", desc: "Afternoon" },
    ]);
    await ev.ok("~rules perday 2");
    expect(await ev.reply("~rules total 3")).toBe(
      "Each track books at most 2 slots a day, at most 3 slots in total (counted in slots, one slot = one unit)",
    );
    await ev.ok("#nova book Aspen-Tue1", { actor: alice });
    await ev.ok("#nova book Aspen-Tue2", { actor: alice });
    expect(await ev.refused("#nova book Aspen-Tue3", { actor: alice })).toBe(
      "#nova has 2 of 2 slots on Tuesday; ask an admin",
    );
    await ev.ok("#nova book Aspen-Wed1", { actor: alice });
    expect(await ev.refused("#nova book Aspen-Wed2", { actor: alice })).toBe(
      "#nova has 3 of 3 slots in total; ask an admin",
    );
    // Freeing a slot makes room again; ~rules none lifts the rules.
    await ev.ok("#nova unbook Aspen-Tue1", { actor: alice });
    await ev.ok("#nova book Aspen-Wed2", { actor: alice });
    expect(await ev.reply("~rules none")).toBe(
      "No booking rules (counted in slots, one slot = one unit)",
    );
    await ev.ok("#nova book Aspen-Tue1", { actor: alice });
  });

  it("refuses bad rules with one reply, changing nothing", async () => {
    const ev = await eventWith(fresh(), PLAIN);
    await ev.ok("~rules perday 2");
    const usage = "Usage: ~rules [perday HOURS|total HOURS|none] (HOURS: a positive number)";
    for (const line of [
      "~rules perday 0",
      "~rules perday -1",
      "~rules perday four",
      "~rules total 1e3",
      "~rules total 10000",
      "~rules perday",
      "~rules perday 2 3",
      "~rules none please",
      "~rules weekly 3",
    ]) {
      expect(await ev.refused(line), line).toBe(usage);
    }
    expect(await ev.refused("~rules total 3", { actor: alice })).toBe("Need op for admin commands");
  });
});
