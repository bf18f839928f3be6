// Track rooms on the page and the hallway screen (issue 20): "Where to talk" lists each track's
// public room as a matrix.to link (by alias when it has one); a private track room is not
// published at all; the signage shows a track room's link as a second QR code beside the
// meeting link's when everything fits on one page. Screenshots when TRACK_ROOM_SHOTS is set.
import { beforeAll, describe, expect, it } from "vitest";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { bindCreatedTrackRoom } from "../../shared/store/track-room-jobs.js";
import { ensureEvent } from "../../shared/store/events.js";
import { findTrack } from "../../shared/store/tracks.js";
import { updateVenueSettings } from "../../shared/store/venue-time.js";
import { measureLayout } from "./layout-checks.js";
import { useBrowserSuite } from "./support.js";
import { liveEventDoc } from "./venue-docs.js";

const suite = useBrowserSuite();
const SLUG = "trackrooms";
const MONDAY_MORNING = new Date("2020-06-01T10:00:00Z");
const shots = process.env.TRACK_ROOM_SHOTS;

/** Track → [room id, alias, join rule]: two public rooms and a private one. */
const ROOMS: Record<string, [string, string | null, string]> = {};

beforeAll(async () => {
  const doc = liveEventDoc(4);
  doc.urls = Object.fromEntries(doc.tracks.map((t) => [t, `https://meet.example.org/${t}`]));
  await importIntoEvent(suite.store.db, SLUG, doc);
  const set = await updateVenueSettings(suite.store.db, SLUG, {
    timeZone: "UTC",
    firstDay: "2020-06-01",
  });
  expect(set.ok).toBe(true);
  const [first, second, third] = doc.tracks;
  if (first === undefined || second === undefined || third === undefined) throw new Error("");
  ROOMS[first] = ["!first:example.org", `#${SLUG}-${first}:example.org`, "public"];
  ROOMS[second] = ["!second:example.org", null, "public"];
  ROOMS[third] = ["!secret:example.org", `#${SLUG}-${third}:example.org`, "invite"];
  const event = await ensureEvent(suite.store.db, SLUG);
  await suite.store.db.transaction().execute(async (trx) => {
    for (const [track, [roomId, alias, joinRule]] of Object.entries(ROOMS)) {
      const ref = await findTrack(trx, event.id, track);
      if (ref === undefined) throw new Error(track);
      await bindCreatedTrackRoom(trx, event.id, ref.id, roomId, alias);
      await trx
        .insertInto("matrix_room_power")
        .values({ room_id: roomId, join_rule: joinRule })
        .execute();
    }
  });
});

describe("track rooms", () => {
  it.each([
    { width: 390, height: 844 },
    { width: 1280, height: 900 },
  ])("are listed under Where to talk at $width×$height", async (viewport) => {
    const context = await suite.newContext({ viewport });
    const { page, problems } = await suite.open(context, `/events/${SLUG}`);
    const talk = page.locator(".where-to-talk");
    const links = talk.locator("a.talk-track-room");
    await links.first().waitFor();
    const shown: (string | null)[][] = [];
    for (const a of await links.all()) {
      shown.push([
        await a.textContent(),
        await a.getAttribute("href"),
        await a.getAttribute("aria-label"),
      ]);
    }
    const [first, second] = Object.keys(ROOMS).sort();
    expect(shown).toEqual([
      [
        `#${first}`,
        `https://matrix.to/#/${encodeURIComponent(ROOMS[first ?? ""]?.[1] ?? "")}`,
        `The Matrix room of ${first}`,
      ],
      [
        `#${second}`,
        `https://matrix.to/#/${encodeURIComponent("!second:example.org")}`,
        `The Matrix room of ${second}`,
      ],
    ]);
    // The private room is nowhere on the page, nor in the state it was built from.
    expect(await page.content()).not.toContain("secret");
    expect(JSON.stringify(await suite.apiState(SLUG))).not.toContain("!secret");
    // Track rooms are not also listed as event rooms.
    expect(await talk.locator("a.talk-matrix").count()).toBe(0);
    const layout = await measureLayout(page, true);
    expect(layout.outside).toEqual([]);
    if (shots !== undefined) {
      await talk.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/where-to-talk-${viewport.width}.png` });
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it("show as QR codes on the hallway screen, beside the meeting links", async () => {
    const context = await suite.newContext({
      now: MONDAY_MORNING,
      viewport: { width: 1920, height: 1080 },
    });
    const { page, problems } = await suite.open(
      context,
      `/events/${SLUG}?view=signage&rotate=3600`,
    );
    await page.locator('.signage[data-ready="true"]').waitFor();
    await page.locator("svg.sign-qr").first().waitFor();
    // Four meeting links, and two public track rooms (the private one has none).
    const labels: string[] = [];
    for (const svg of await page.locator("svg.sign-qr").all()) {
      labels.push((await svg.getAttribute("aria-label")) ?? "");
    }
    expect(labels.filter((l) => l.startsWith("QR code: the meeting link"))).toHaveLength(4);
    expect(labels.filter((l) => l.startsWith("QR code: the Matrix room")).sort()).toEqual(
      Object.keys(ROOMS)
        .sort()
        .slice(0, 2)
        .map((t) => `QR code: the Matrix room of ${t}`),
    );
    expect(await page.locator(".sign-qrs figcaption").allTextContents()).toEqual([
      "Video",
      "Chat",
      "Video",
      "Chat",
    ]);
    const layout = await measureLayout(page, false);
    expect(layout.outside).toEqual([]);
    expect(layout.scroll).toEqual(layout.viewport);
    if (shots !== undefined) await page.screenshot({ path: `${shots}/signage-1920.png` });
    expect(problems).toEqual([]);
    await context.close();
  });
});
