// Conflict warnings on booking (issue 22) through runCommand, on every store: a track booked in
// the same slot that shares a lead, or more than a third of the followers, is named in the reply;
// the booking is applied all the same.
import { describe, expect, it } from "vitest";
import type { Actor } from "../../shared/operations/context.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { storeKinds } from "../support/stores.js";
import { alice, newSlug, TestEvent, useStore } from "./support.js";

const person = (n: number): Actor => ({ id: `@p${n}:example.org`, nick: `p${n}`, powerLevel: 0 });
const BOOKED = "Room Birch is now booked on Tue1 for nova";

describe.each(storeKinds())("booking conflicts (%s)", (kind) => {
  const store = useStore(kind);

  /** #nova and #swift, two rooms offering two Tuesday slots; #swift has Aspen-Tue1. */
  async function event(): Promise<TestEvent> {
    const ev = new TestEvent(store().db, newSlug());
    const offers = { Tue1: "", Tue2: "" };
    await importIntoEvent(ev.db, ev.slug, {
      eventid: ev.slug,
      tracks: ["nova", "swift"],
      slots: {
        Tuesday: [
          { name: "Tue1", desc: "Morning" },
          { name: "Tue2", desc: "Afternoon" },
        ],
      },
      schedule: { Aspen: { ...offers, Tue1: "swift" }, Birch: offers },
    });
    return ev;
  }

  /** People 1..n follow #nova; those listed also follow #swift. */
  async function followers(ev: TestEvent, nova: number, swift: number[]) {
    for (let n = 1; n <= nova; n++) await ev.ok("+follow #nova", { actor: person(n) });
    for (const n of swift) await ev.ok("+follow #swift", { actor: person(n) });
  }

  it("warns of a shared lead, and books", async () => {
    const ev = await event();
    await ev.ok(`#nova leads add ${alice.id}`);
    await ev.ok(`#swift leads add ${alice.id}`);
    expect(await ev.reply("#nova book Birch-Tue1", { actor: alice })).toBe(
      `${BOOKED}\nWarning: #nova shares a lead with #swift, booked then`,
    );
    expect(await ev.booking("Birch", "Tue1")).toBe("nova");
    // Another slot: nothing booked then.
    expect(await ev.reply("#nova book Birch-Tue2")).toBe(
      "Room Birch is now booked on Tue2 for nova",
    );
  });

  it("warns when more than a third of the followers also follow a track booked then", async () => {
    const ev = await event();
    await followers(ev, 3, [1, 2, 4]);
    expect(await ev.reply("#nova book Birch-Tue1")).toBe(
      `${BOOKED}\nWarning: 2 of #nova's 3 followers also follow #swift, booked then`,
    );
  });

  it("does not warn at a third of the followers or below", async () => {
    const ev = await event();
    await followers(ev, 3, [1, 4, 5]);
    expect(await ev.reply("#nova book Birch-Tue1")).toBe(BOOKED);
  });

  it("does not warn when the track has no followers and no leads", async () => {
    const ev = await event();
    await ev.ok("+follow #swift", { actor: person(1) });
    expect(await ev.reply("#nova book Birch-Tue1")).toBe(BOOKED);
  });
});
