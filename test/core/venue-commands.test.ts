// ~timezone, ~firstday and ~irc: an admin sets the venue's time, and the slots labelled like
// times get real start times and lengths; without a value each shows the setting; "none" clears.
import { describe, expect, it } from "vitest";
import { storeKinds } from "../support/stores.js";
import { alice, fixtureEvent, useStore } from "./support.js";

describe.each(storeKinds())("venue settings from chat (%s)", (kind) => {
  const store = useStore(kind);

  it("sets the time zone and first day: slots get real times in venue time", async () => {
    const ev = await fixtureEvent(store().db);
    expect(await ev.reply("~timezone")).toBe(
      "Time zone: not set (~timezone ZONE (e.g. Europe/Berlin) sets it)",
    );
    expect(await ev.reply("~timezone America/Denver")).toBe("Time zone is now America/Denver");
    expect(await ev.reply("~firstday 2026-04-13")).toBe("First day is now 2026-04-13");
    expect(await ev.reply("~firstday")).toBe("First day: 2026-04-13");
    const state = await ev.state();
    expect(state.timeZone).toBe("America/Denver");
    const tuesday = state.days.find((d) => d.name === "Tuesday");
    // 09:00 in Denver (MDT, UTC-6) on the second day, 2026-04-14.
    expect(tuesday?.slots[0]).toMatchObject({
      code: "TueA1",
      startsAt: "2026-04-14T15:00:00.000Z",
      durationMinutes: 105,
    });
    expect(await ev.reply("~timezone none")).toBe("Time zone cleared");
    expect((await ev.state()).timeZone).toBeNull();
  });

  it("sets the IRC channel the page links", async () => {
    const ev = await fixtureEvent(store().db);
    expect(await ev.reply("~irc ircs://irc.oftc.net/#openinfra-events")).toMatch(
      /^IRC channel is now ircs:\/\/irc\.oftc\.net/,
    );
    expect((await ev.state()).ircChannel).toMatchObject({ channel: "#openinfra-events" });
  });

  it("refuses a bad value, or a non-admin, and changes nothing", async () => {
    const ev = await fixtureEvent(store().db);
    expect(await ev.refused("~timezone Mars/Olympus")).toMatch(/is not a time zone/);
    expect(await ev.refused("~firstday next monday")).toBe(
      "Give the first day's date as YYYY-MM-DD, e.g. 2026-04-13",
    );
    expect(await ev.refused("~timezone Europe/Berlin", { actor: alice })).toBe(
      "Need op for admin commands",
    );
  });
});
