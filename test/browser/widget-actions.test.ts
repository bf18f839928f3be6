// Acting from the widget in Chromium, inside a Matrix client stand-in (matrix-host.ts) that
// answers the widget's OpenID request with a real token from a test Synapse. The real bot syncs
// the event room (members, power levels) into the suite's store and delivers the outbox; the
// real server runs the widget's actions. A moderator clicks a free slot: it is booked, and every
// page shows it live. A user follows a track from the widget; `#nova now …` said in the Matrix
// room then reaches them in a direct chat. A user checks in and an admin posts and removes a
// banner, each answer in the chat's words. Declining OpenID leaves a read-only widget. Signed in
// and read-only, the widget has no axe-core violation in light and dark; and a user books and
// frees a slot, checks in, follows, gets and revokes "My calendar" and changes day with the
// keyboard alone.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Frame, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { widgetId, widgetUrl } from "../../bot/delivery/widget.js";
import type { MatrixClient } from "../support/matrix-client.js";
import { useWidgetRig } from "../support/use-widget-rig.js";
import { axeViolations, setTheme, smallTargets } from "./axe.js";
import type { MatrixHost } from "./matrix-host.js";
import { SLUG, useBrowserSuite, watch } from "./support.js";

/** The server name → homeserver mapping, filled in once Synapse runs. */
const matrixServers = new Map<string, string>();
const suite = useBrowserSuite({ widgetAuth: { matrixServers } });
// The real bot, on the suite's store: the room it is invited to becomes the event's room.
const rig = useWidgetRig({
  users: ["mod", "bob"],
  event: SLUG,
  store: () => suite.store,
  matrixServers,
  host: { viewer: (): MatrixClient => need(bob, "user") },
});

let host: MatrixHost | undefined;
let mod: MatrixClient | undefined;
let bob: MatrixClient | undefined;
let botId = "";
let room = "";
/** Set when set-up failed: every test then fails with it (a failing beforeAll reports skips). */
let setupError: unknown;

beforeAll(async () => {
  try {
    await setUp();
  } catch (error) {
    setupError = error;
  }
}, 15 * 60_000);

async function setUp(): Promise<void> {
  const moderator = rig.users.mod;
  const user = rig.users.bob;
  mod = moderator;
  bob = user;
  host = rig.host;
  botId = rig.botId;
  room = await moderator.createRoom({ name: "Browser actions", preset: "public_chat" });
  await rig.inviteBot(moderator, room);
  await user.join(room);
  await moderator.setPowerLevel(room, user.userId, 50);
  // Wait until the bot stored bob's membership and power level.
  await rig.stored(room, user.userId, { level: 50 });
}

function need<T>(value: T | undefined, what: string): T {
  if (setupError !== undefined) {
    throw setupError instanceof Error ? setupError : new Error("set-up failed");
  }
  if (value === undefined) throw new Error(`No ${what} (set-up failed?)`);
  return value;
}

/** Opens the client stand-in with the widget in the event room; returns the widget's frame. */
async function openInClient(
  context: BrowserContext,
  openid: "allow" | "decline",
): Promise<{ page: Page; frame: Frame; problems: string[] }> {
  const { page, problems } = watch(await context.newPage());
  const query = new URLSearchParams({
    id: widgetId(SLUG),
    template: widgetUrl(suite.origin, SLUG),
    room,
    user: need(bob, "user").userId,
    openid,
  });
  await page.goto(`${need(host, "client").origin}/element.html?${query.toString()}`);
  await page.frameLocator("#widget").locator(".page").waitFor();
  const frame = page.frames().find((f) => f.url().startsWith(`${suite.origin}/widget/`));
  if (frame === undefined) throw new Error("the widget's frame is missing");
  return { page, frame, problems };
}

/** Both themes of the widget in `frame` have no axe violation. */
async function expectAccessible(frame: Frame): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    await setTheme(frame, theme);
    expect(await axeViolations(frame), theme).toEqual([]);
  }
}

/**
 * Presses Tab until the focused element in `frame` matches `selector` (and has the text `text`,
 * when given); fails after `limit` presses. Returns its accessible label, else its text.
 */
async function tabTo(
  page: Page,
  frame: Frame,
  selector: string,
  text?: string,
  limit = 400,
): Promise<string> {
  for (let i = 0; i < limit; i++) {
    const hit = await frame.evaluate<string | null>(`(() => {
      const el = document.activeElement;
      if (!el?.matches(${JSON.stringify(selector)})) return null;
      if (${JSON.stringify(text ?? null)} !== null && el.textContent !== ${JSON.stringify(text ?? null)}) return null;
      return el.getAttribute("aria-label") ?? el.textContent ?? "";
    })()`);
    if (hit !== null) return hit;
    await page.keyboard.press("Tab");
  }
  throw new Error(`no focus on ${selector} after ${limit} Tab presses`);
}

/** Opens the widget signed in as bob, with the actions shown, and chooses a track. */
async function signedIn(context: BrowserContext, track: string) {
  const opened = await openInClient(context, "allow");
  const panel = opened.frame.locator("section.actions");
  await panel.waitFor({ timeout: 20_000 });
  await opened.frame.locator("select.action-track").selectOption(track);
  return { ...opened, result: opened.frame.locator(".action-result") };
}

describe("acting from the widget", () => {
  it("books a free slot clicked by a moderator, and every page shows it live", async () => {
    const context = await suite.newContext();
    const { page, frame, problems, result } = await signedIn(context, "nova");
    // A public page (not signed in), to see the change arrive live elsewhere.
    const publicPage = await suite.open(await suite.newContext(), `/events/${SLUG}`);
    expect(await publicPage.page.locator(".free-book").count()).toBe(0);

    const free = frame.locator("button.free-book").first();
    const label = (await free.getAttribute("aria-label")) ?? "";
    const match = /^Book (.+)-([^-]+) for #nova$/.exec(label);
    expect(match, label).not.toBeNull();
    const [, venueRoom = "", slot = ""] = match ?? [];
    await free.click();
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toBe(`Room ${venueRoom} is now booked on ${slot} for nova`);
    await expect
      .poll(
        async () =>
          (await suite.apiState()).rooms.find((r) => r.name === venueRoom)?.bookings[slot],
      )
      .toBe("nova");
    // Live: the cell turns into the track on both pages, the widget's with a way to free it.
    const unbook = frame.getByRole("button", { name: `Unbook ${venueRoom}-${slot} from #nova` });
    await unbook.waitFor({ timeout: 10_000 });
    await expect
      .poll(() => publicPage.page.locator(`code.free:text-is("${venueRoom}-${slot}")`).count(), {
        timeout: 10_000,
      })
      .toBe(0);

    await screenshots(page, "actions-booked");
    // Signed in, with the controls and a booking to free on screen: accessible in both themes.
    await expectAccessible(frame);

    await unbook.click();
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toBe(`Room ${venueRoom} (previously booked for nova) is now free on ${slot}`);
    await frame
      .getByRole("button", { name: `Book ${venueRoom}-${slot} for #nova` })
      .waitFor({ timeout: 10_000 });
    await publicPage.page
      .locator(`code.free:text-is("${venueRoom}-${slot}")`)
      .waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
    expect(publicPage.problems).toEqual([]);
    await context.close();
  });

  it("follows a track; then '#nova now …' in the Matrix room reaches the follower", async () => {
    const user = need(bob, "user");
    const moderator = need(mod, "moderator");
    const context = await suite.newContext();
    const { page, frame, problems, result } = await signedIn(context, "nova");
    // The bot opens the follower's direct room when they follow (not at the first notification).
    await user.syncToNow();
    const follow = frame.locator("button.action-follow");
    await follow.click();
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toBe("Following #nova");
    await expect.poll(() => follow.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => follow.textContent()).toBe("Unfollow");
    // A private calendar of the followed tracks: shown once, served, then revoked.
    const calendar = frame.locator("section.my-calendar");
    await calendar.locator("button.my-calendar-get").click();
    const link = await calendar.locator("input.my-calendar-url").inputValue({ timeout: 10_000 });
    // On PUBLIC_URL (the suite's own host name): fetched here from the server's address.
    const path = new URL(link).pathname;
    expect(path).toMatch(new RegExp(`^/events/${SLUG}/calendars/ptgc_.+\\.ics$`));
    const ics = await fetch(new URL(path, suite.origin));
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain("X-WR-CALNAME:");
    await calendar.locator("button.my-calendar-revoke").click();
    await expect
      .poll(() => calendar.locator(".my-calendar-note").textContent())
      .toBe("Your calendar link was revoked.");
    expect((await fetch(new URL(path, suite.origin))).status).toBe(404);
    // Acting needs no capability from the client: the widget asks for none.
    expect(await page.evaluate<string[]>("window.__host.requested")).toEqual([]);

    await moderator.sendText(room, "#nova now followed from the widget");
    const dm = await user.waitForInvite();
    await user.join(dm);
    const told = await user.waitForMessage(dm, (e) => e.sender === botId);
    expect(told.content.body).toMatch(/^now in #nova( \(.+\))?: followed from the widget$/);
    // …and the widget shows the new topic live.
    await frame
      .locator("main")
      .getByText("followed from the widget")
      .first()
      .waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("checks in, and lets an admin post and remove a banner, each answer in the chat's words", async () => {
    const context = await suite.newContext();
    const { frame, problems, result } = await signedIn(context, "swift");
    await frame.getByRole("button", { name: "Check in here" }).click();
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toBe("OK, checked into #swift - thanks for the update!");

    const before = (await suite.apiState()).banners.length;
    await frame.getByLabel("Banner message").fill("Lunch is served in the atrium");
    await frame.getByRole("button", { name: "Post banner" }).click();
    const number = before + 1;
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toBe(`Added banner ${number} (info): Lunch is served in the atrium`);
    await frame.locator(".banner", { hasText: "Lunch is served in the atrium" }).waitFor();
    await frame.getByRole("button", { name: `Remove banner ${number}` }).click();
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toBe(`Removed banner ${number}`);
    await expect
      .poll(() => frame.locator(".banner", { hasText: "Lunch is served" }).count())
      .toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("stays read-only, with no actions, when the user declines", async () => {
    const context = await suite.newContext();
    const { frame, problems } = await openInClient(context, "decline");
    await expect
      .poll(() => frame.locator(".session").textContent(), { timeout: 15_000 })
      .toBe("Read-only: not signed in");
    expect(await frame.locator("section.actions").count()).toBe(0);
    expect(await frame.locator("button.free-book, button.unbook").count()).toBe(0);
    expect(await frame.locator("code.free").count()).toBeGreaterThan(0);
    await suite.command("#swift now read-only but live");
    await frame.locator("main").getByText("read-only but live").waitFor({ timeout: 5000 });
    await expectAccessible(frame);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("by keyboard alone", () => {
  it("books and frees a slot, checks in, follows, uses My calendar and changes day", async () => {
    const context = await suite.newContext();
    const { page, frame, problems } = await openInClient(context, "allow");
    await frame.locator("section.actions").waitFor({ timeout: 20_000 });
    const result = frame.locator(".action-result");
    const track = await frame.locator("select.action-track").inputValue();
    // Into the widget's frame, then through it with Tab only.
    await page.locator("#widget").focus();

    const label = await tabTo(page, frame, "button.free-book");
    const [, venueRoom = "", slot = ""] = /^Book (.+)-([^-]+) for #/.exec(label) ?? [];
    expect(venueRoom, label).not.toBe("");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toBe(`Room ${venueRoom} is now booked on ${slot} for ${track}`);
    await frame.locator("button.unbook").first().waitFor({ timeout: 10_000 });
    // The booked cell's button to free it is reachable.
    const unbook = `button.unbook[aria-label="Unbook ${venueRoom}-${slot} from #${track}"]`;
    await tabTo(page, frame, unbook);
    await page.keyboard.press("Space");
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toBe(`Room ${venueRoom} (previously booked for ${track}) is now free on ${slot}`);

    await tabTo(page, frame, "section.actions button", "Check in here");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toBe(`OK, checked into #${track} - thanks for the update!`);

    await tabTo(page, frame, "button.action-follow");
    await page.keyboard.press("Enter");
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toBe(`Following #${track}`);
    // "My calendar": get a link, then revoke it, by keyboard; shown, it is accessible.
    const calendar = frame.locator("section.my-calendar");
    await tabTo(page, frame, "button.my-calendar-get:not(:disabled)");
    await page.keyboard.press("Enter");
    await calendar.locator("input.my-calendar-url").waitFor({ timeout: 10_000 });
    expect(await smallTargets(frame, ".my-calendar button, .my-calendar input")).toEqual([]);
    await expectAccessible(frame);
    await tabTo(page, frame, "button.my-calendar-revoke:not(:disabled)");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => calendar.locator(".my-calendar-note").textContent(), { timeout: 10_000 })
      .toBe("Your calendar link was revoked.");

    await tabTo(page, frame, 'button.action-follow[aria-pressed="true"]:not(:disabled)');
    await page.keyboard.press("Enter");
    await expect
      .poll(() => frame.locator("button.action-follow").getAttribute("aria-pressed"))
      .toBe("false");

    // The day tabs: Tab reaches the selected one, the arrow keys move and select.
    const first = await tabTo(page, frame, '[role="tab"][aria-selected="true"]');
    await page.keyboard.press("ArrowRight");
    await expect
      .poll(() => frame.locator('[role="tab"][aria-selected="true"]').textContent())
      .not.toBe(first);
    expect(
      await frame.evaluate<string | null>("document.activeElement.getAttribute('aria-selected')"),
    ).toBe("true");
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** With PTG_SCREENSHOTS=DIR, saves the client page at phone, laptop and hallway sizes. */
async function screenshots(page: Page, name: string): Promise<void> {
  const dir = process.env.PTG_SCREENSHOTS;
  if (dir === undefined || dir === "") return;
  mkdirSync(dir, { recursive: true });
  for (const [label, width, height] of [
    ["phone", 390, 844],
    ["laptop", 1280, 800],
    ["hallway", 1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.frameLocator("#widget").locator("section.actions").waitFor();
    await page.screenshot({ path: join(dir, `${name}-${label}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
