// `~privatelinks on` (issue 20) end to end: the public state, ptg.json, the calendars, the
// schedule exports and the hallway screen carry no track url, etherpad or room meeting link,
// while the widget of a signed-in member of the event's room (in a Matrix client stand-in,
// matrix-host.ts, with a real OpenID token from a test Synapse) shows "Join video" with it.
import type { BrowserContext, Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { widgetId, widgetUrl } from "../../bot/delivery/widget.js";
import { recordingLog, testConfig, waitForJoin } from "../bot/support.js";
import { useSynapse } from "../support/use-synapse.js";
import { startMatrixHost, type MatrixHost } from "./matrix-host.js";
import { SLUG, useBrowserSuite, watch } from "./support.js";

const VIDEO = "https://video.example.org/nova-private";
const PAD = "https://pad.example.org/p/nova-private";
/** Ballroom A's meeting link in the Denver schedule. */
const ROOM_LINK = "meet.jit.si/DEN-ptg-BallroomA";

const matrixServers = new Map<string, string>();
const suite = useBrowserSuite({ widgetAuth: { matrixServers } });
const synapse = useSynapse({ users: ["mod", "bob", "ptgbot"] });

let host: MatrixHost | undefined;
let bot: RunningBot | undefined;
let room = "";
let bobId = "";

beforeAll(async () => {
  const hs = synapse();
  matrixServers.set(hs.serverName, hs.baseUrl);
  const { mod, bob, ptgbot } = hs.users;
  bobId = bob.userId;
  host = await startMatrixHost(() =>
    bob.request("POST", `/user/${encodeURIComponent(bob.userId)}/openid/request_token`, {
      body: {},
    }),
  );
  bot = await startBot({
    store: suite.store,
    config: testConfig(hs.baseUrl, ptgbot.accessToken, SLUG, suite.store.url),
    log: recordingLog(),
    syncTimeoutMs: 3_000,
    lockRetryMs: 200,
  });
  room = await mod.createRoom({ name: "Private links", preset: "public_chat" });
  await mod.invite(room, ptgbot.userId);
  await waitForJoin(mod, room, ptgbot.userId);
  await bob.join(room);
  await vi.waitFor(
    async () => {
      const member = await suite.store.db
        .selectFrom("matrix_room_members")
        .select("user_id")
        .where("room_id", "=", room)
        .where("user_id", "=", bob.userId)
        .executeTakeFirst();
      if (member === undefined) throw new Error("the bot has not stored bob's membership yet");
    },
    { timeout: 30_000, interval: 100 },
  );
}, 15 * 60_000);

afterAll(async () => {
  await bot?.stop();
  await host?.close();
}, 60_000);

/** The widget in the client stand-in, signed in as bob; its frame. */
async function signedInWidget(context: BrowserContext): Promise<Frame> {
  const { page } = watch(await context.newPage());
  const query = new URLSearchParams({
    id: widgetId(SLUG),
    template: widgetUrl(suite.origin, SLUG),
    room,
    user: bobId,
    openid: "allow",
  });
  if (host === undefined) throw new Error("no client stand-in (set-up failed?)");
  await page.goto(`${host.origin}/element.html?${query.toString()}`);
  await page.frameLocator("#widget").locator(".page").waitFor();
  const frame = page.frames().find((f) => f.url().startsWith(`${suite.origin}/widget/`));
  if (frame === undefined) throw new Error("the widget's frame is missing");
  return frame;
}

describe("private meeting links", () => {
  it("leaves them out of everything public and shows them to a signed-in member", async () => {
    await suite.command(`#nova url ${VIDEO}`);
    await suite.command(`#nova etherpad ${PAD}`);
    await suite.command("#nova now private planning");
    await suite.command("#nova location Ballroom A");
    // Public first: the page shows "Join video".
    const before = await suite.open(await suite.newContext(), `/events/${SLUG}`);
    await before.page.locator(`a.join-video[href="${VIDEO}"]`).first().waitFor();

    await suite.command("~privatelinks on");
    await vi.waitFor(async () => {
      expect((await suite.apiState()).privateLinks).toBe(true);
    });
    for (const path of [
      `/api/v1/events/${SLUG}`,
      `/events/${SLUG}/ptg.json`,
      `/events/${SLUG}/ical`,
      `/events/${SLUG}/tracks/nova.ics`,
      `/events/${SLUG}/schedule.json`,
      `/events/${SLUG}/schedule.xml`,
    ]) {
      const response = await fetch(suite.origin + path);
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text, path).not.toContain(VIDEO);
      expect(text, path).not.toContain(PAD);
      expect(text, path).not.toContain(ROOM_LINK);
    }
    // The public page that was open drops the link live; signage has no code for it.
    await vi.waitFor(async () => {
      expect(await before.page.locator("a.join-video").count()).toBe(0);
    });
    const signage = await suite.open(await suite.newContext(), `/events/${SLUG}?view=signage`);
    await signage.page.locator('[data-track="nova"]').first().waitFor();
    expect(await signage.page.locator(".sign-qr").count()).toBe(0);
    expect(await signage.page.content()).not.toContain(VIDEO);

    // A member of the event's room, signed in, sees the links.
    const frame = await signedInWidget(await suite.newContext());
    await frame.locator(`a.join-video[href="${VIDEO}"]`).first().waitFor({ timeout: 30_000 });
    await frame.locator(`.pads a[href="${PAD}"]`).waitFor();

    await suite.command("~privatelinks off");
    await before.page.locator(`a.join-video[href="${VIDEO}"]`).first().waitFor();
  }, 180_000);
});
