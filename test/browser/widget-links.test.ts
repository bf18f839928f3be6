// The page's own links and parts: where to talk (the event's Matrix room through matrix.to, its
// IRC channel), the calendars (whole event and per track) and the help page, each answered by
// the real server; banners with their level's icon and name; the track filter; and what an empty
// event tells its organizers.
import { beforeAll, describe, expect, it } from "vitest";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { bindChatRoom, ensureEvent } from "../../shared/store/events.js";
import { updateVenueSettings } from "../../shared/store/venue-time.js";
import { readDenver } from "../support/denver.js";
import { runAs, useBrowserSuite } from "./support.js";

const suite = useBrowserSuite();
const SLUG = "links";
const ROOM_ID = "!abcdef:example.org";

beforeAll(async () => {
  await importIntoEvent(suite.store.db, SLUG, readDenver());
  const set = await updateVenueSettings(suite.store.db, SLUG, {
    ircChannel: "ircs://irc.oftc.net:6697/#openinfra-events",
  });
  expect(set.ok).toBe(true);
  const row = await ensureEvent(suite.store.db, SLUG);
  await bindChatRoom(suite.store.db, ROOM_ID, row.id);
  // A public room, as the bot stores it: the public state lists only those.
  await suite.store.db
    .insertInto("matrix_room_power")
    .values({ room_id: ROOM_ID, join_rule: "public" })
    .execute();
  for (const text of [
    "#nova now scheduler rework",
    "#swift now ring placement",
    "~motd add warning The projector in Ballroom A is out",
    "~motd add danger Fire drill at 11:00",
  ]) {
    const outcome = await runAs(suite.store, text, { slug: SLUG });
    expect(outcome).toMatchObject({ status: "done", result: "ok" });
  }
  await ensureEvent(suite.store.db, "empty");
});

async function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(new URL(path, suite.origin));
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    body: await response.text(),
  };
}

describe("links", () => {
  it("point to the event's Matrix room, IRC channel, calendars and help", async () => {
    const context = await suite.newContext();
    const { page, problems } = await suite.open(context, `/events/${SLUG}`);
    const talk = page.locator(".where-to-talk");
    expect(await talk.locator("h2").textContent()).toBe("Where to talk");

    const matrix = await talk.locator("a.talk-matrix").getAttribute("href");
    expect(matrix).toBe("https://matrix.to/#/!abcdef%3Aexample.org");
    expect(decodeURIComponent(new URL(matrix ?? "").hash.slice(2))).toBe(ROOM_ID);

    expect(await talk.locator("a.talk-irc").getAttribute("href")).toBe(
      "ircs://irc.oftc.net:6697/#openinfra-events",
    );
    expect(await talk.locator("a.talk-irc").textContent()).toBe("#openinfra-events");
    expect(await talk.textContent()).toContain("on irc.oftc.net (IRC)");

    const calendar = await talk.locator("a.talk-calendar").getAttribute("href");
    expect(calendar).toBe(`${suite.origin}/events/${SLUG}/ical`);
    const ics = await get(calendar ?? "");
    expect(ics.status).toBe(200);
    expect(ics.type).toMatch(/^text\/calendar/);
    expect(ics.body).toContain("BEGIN:VCALENDAR");

    // The schedule for companion apps, in both formats.
    for (const [format, type, start] of [
      ["json", /^application\/json/, '{"$schema"'],
      ["xml", /^application\/xml/, "<?xml"],
    ] as const) {
      const href = await talk.locator(`a.talk-schedule-${format}`).getAttribute("href");
      expect(href).toBe(`${suite.origin}/events/${SLUG}/schedule.${format}`);
      const exported = await get(href ?? "");
      expect(exported.status).toBe(200);
      expect(exported.type).toMatch(type);
      expect(exported.body.startsWith(start)).toBe(true);
    }

    const novaCalendar = await page
      .getByRole("link", { name: "Calendar of nova" })
      .getAttribute("href");
    expect(novaCalendar).toBe(`${suite.origin}/events/${SLUG}/tracks/nova.ics`);
    const nova = await get(novaCalendar ?? "");
    expect(nova.status).toBe(200);
    expect(nova.body).toContain("X-WR-CALNAME:links: nova");
    // One calendar link per track.
    expect(await page.locator("a.track-calendar").count()).toBe(
      (await suite.apiState(SLUG)).tracks.length,
    );

    const help = await talk.locator("a.talk-help").getAttribute("href");
    expect(help).toBe(`${suite.origin}/help`);
    const helpPage = await get(help ?? "");
    expect(helpPage.status).toBe(200);
    expect(helpPage.type).toMatch(/^text\/html/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows each banner with its level's icon and name", async () => {
    const context = await suite.newContext();
    const { page } = await suite.open(context, `/events/${SLUG}`);
    const warning = page.locator(".banner-warning");
    expect(await warning.locator(".banner-level").textContent()).toBe("Warning:");
    expect(await warning.locator("svg.banner-icon").count()).toBe(1);
    expect(await warning.textContent()).toBe("Warning: The projector in Ballroom A is out");
    expect(await page.locator(".banner-danger .banner-level").textContent()).toBe("Important:");
    // Each level has its own icon.
    const paths = await page.evaluate<string[]>(
      `[...document.querySelectorAll(".banner-icon path")].map((p) => p.getAttribute("d"))`,
    );
    expect(new Set(paths).size).toBe(2);
    await context.close();
  });

  it("opens filtered to a track with track= (the widget pinned in a track room)", async () => {
    const context = await suite.newContext();
    const { page } = await suite.open(context, `/events/${SLUG}?track=nova`);
    expect(await page.locator(".now .topic-row .badge").allTextContents()).toEqual(["nova"]);
    expect(await page.getByLabel("Find a track").inputValue()).toBe("nova");
    await page.screenshot({ path: "/tmp/trackroom-widget.png" });
  });

  it("filters the tracks by name, topic or room", async () => {
    const context = await suite.newContext();
    const { page } = await suite.open(context, `/events/${SLUG}`);
    const total = (await suite.apiState(SLUG)).tracks.length;
    const nowTracks = page.locator(".now .topic-row .badge");
    expect(await nowTracks.allTextContents()).toEqual(
      ["nova ↗", "swift"].map((t) => t.replace(" ↗", "")),
    );
    await page.getByLabel("Find a track").fill("ring");
    expect(await nowTracks.allTextContents()).toEqual(["swift"]);
    expect(await page.locator(".filter-count").textContent()).toBe(`1 of ${total} tracks`);
    await page.getByLabel("Find a track").fill("NOVA");
    expect(await nowTracks.allTextContents()).toEqual(["nova"]);
    expect(await page.locator(".pads li").count()).toBe(1);
    await page.getByLabel("Find a track").fill("");
    expect(await nowTracks.count()).toBe(2);
    expect(await page.locator(".pads li").count()).toBe(total);
    await context.close();
  });

  it("tells an organizer how to load a schedule, and shows no IRC channel when none is set", async () => {
    const context = await suite.newContext();
    const { page, problems } = await suite.open(context, `/events/empty`);
    const empty = page.locator(".schedule-empty");
    expect(await empty.textContent()).toContain("No schedule yet.");
    expect(await empty.textContent()).toContain("~fetchdb https://…/ptg.json");
    expect(await empty.textContent()).toContain("npm run ptg -- import ptg.json");
    expect(await page.locator("a.talk-irc").count()).toBe(0);
    expect(await page.locator("a.talk-matrix").count()).toBe(0);
    expect(await page.locator(".where-to-talk").textContent()).toContain("~event");
    expect(problems).toEqual([]);
    await context.close();
  });
});
