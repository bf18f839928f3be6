// The widget where people see it: in Chromium, framed by the Matrix client stand-in
// (matrix-host.ts) at the sizes Element gives it, signed in with real OpenID tokens from a test
// Synapse, with the real bot syncing the room's members and power levels into the suite's store.
// - Element's top panel (833×281): the compact view; the first live track's row is fully
//   visible without scrolling, with two banners, as a moderator; the actions open behind "Act",
//   under the heading "Act as bob (moderator)". Declined sign-in: the compact view, read-only.
// - Taller frames (833×420, the right panel at 349×836, 1280×900): the full page.
// - Live permissions: `~requirevoice` said in the room hides a power-0 user's track actions
//   within seconds, without a reload, and `~alloweveryone` brings them back; a power level
//   change in the room changes the panel's heading.
// With PTG_SCREENSHOTS=DIR, each size is saved as DIR/widget-WIDTHxHEIGHT.png (the README's).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Frame, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { widgetId, widgetUrl } from "../../bot/delivery/widget.js";
import { ask, bodyOf } from "../bot/support.js";
import type { MatrixClient } from "../support/matrix-client.js";
import { useWidgetRig } from "../support/use-widget-rig.js";
import type { MatrixHost } from "./matrix-host.js";
import { SLUG, useBrowserSuite, watch } from "./support.js";

const matrixServers = new Map<string, string>();
const suite = useBrowserSuite({ widgetAuth: { matrixServers } });
/** Whose OpenID token the client stand-in hands out. */
let viewer: MatrixClient | undefined;
const rig = useWidgetRig({
  users: ["mod", "bob", "carol"],
  event: SLUG,
  store: () => suite.store,
  matrixServers,
  host: { viewer: () => need(viewer, "viewer") },
});

let host: MatrixHost | undefined;
let mod: MatrixClient | undefined;
/** Power 50 (the event's admin level): a moderator. */
let bob: MatrixClient | undefined;
/** Power 0: an attendee. */
let carol: MatrixClient | undefined;
let botId = "";
let room = "";
let setupError: unknown;

beforeAll(async () => {
  try {
    await setUp();
  } catch (error) {
    setupError = error;
  }
}, 15 * 60_000);

async function setUp(): Promise<void> {
  ({ mod, bob, carol } = rig.users);
  host = rig.host;
  botId = rig.botId;
  room = await mod.createRoom({ name: "Widget frames", preset: "public_chat" });
  await rig.inviteBot(mod, room);
  await bob.join(room);
  await carol.join(room);
  await mod.setPowerLevel(room, bob.userId, 50);
  await storedPower(carol.userId, (level) => level === undefined);
  await storedPower(bob.userId, (level) => level === 50);

  // What an attendee opens the room for: several tracks live, and two banners above them.
  for (const [track, topic] of [
    ["airship", "Release planning for the next cycle, with the whole team and guests"],
    ["ansible", "Collections: what goes in, what stays out"],
    ["barbican", "Key rotation"],
    ["blazar", "Reservations API v2"],
  ]) {
    await suite.command(`#${track} now ${topic}`);
  }
  await suite.command("#airship next Retrospective");
  await suite.command("#ansible next Testing matrix");
  await suite.command("~motd add warning Ballroom A moves to the second floor after lunch");
  await suite.command("~motd add info Coffee is served in the foyer");
}

/** Waits until the bot stored `userId` as a member of the room, with a level that `ok` accepts. */
function storedPower(userId: string, ok: (level: number | undefined) => boolean): Promise<void> {
  return rig.stored(room, userId, { level: ok });
}

function need<T>(value: T | undefined, what: string): T {
  if (setupError !== undefined) {
    throw setupError instanceof Error ? setupError : new Error("set-up failed");
  }
  if (value === undefined) throw new Error(`No ${what} (set-up failed?)`);
  return value;
}

interface Framed {
  page: Page;
  frame: Frame;
  problems: string[];
}

/** Opens the client stand-in (a 1280×900 window, or larger) with the widget in a frame of that size. */
async function openFramed(
  context: BrowserContext,
  user: MatrixClient,
  size: { width: number; height: number },
  openid: "allow" | "decline" = "allow",
): Promise<Framed> {
  viewer = user;
  const { page, problems } = watch(await context.newPage());
  await page.setViewportSize({
    width: Math.max(1280, size.width),
    height: Math.max(900, size.height),
  });
  const query = new URLSearchParams({
    id: widgetId(SLUG),
    template: widgetUrl(suite.origin, SLUG),
    room,
    user: user.userId,
    openid,
    width: String(size.width),
    height: String(size.height),
  });
  await page.goto(`${need(host, "client").origin}/element.html?${query.toString()}`);
  await page.frameLocator("#widget").locator(".page").waitFor();
  const frame = page.frames().find((f) => f.url().startsWith(`${suite.origin}/widget/`));
  if (frame === undefined) throw new Error("the widget's frame is missing");
  return { page, frame, problems };
}

/** Saves the frame as the README shows it, when PTG_SCREENSHOTS names a directory. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.PTG_SCREENSHOTS;
  if (dir === undefined || dir === "") return;
  mkdirSync(dir, { recursive: true });
  await page.locator("#widget").screenshot({ path: join(dir, `${name}.png`) });
}

interface Layout {
  top: number;
  bottom: number;
  height: number;
  viewport: number;
  pageScrolls: boolean;
  mainScrolled: number;
}

/** Where an element is, in the frame's viewport, and whether anything had to scroll. */
function layoutOf(frame: Frame, selector: string): Promise<Layout> {
  return frame.evaluate<Layout>(`(() => {
    const box = document.querySelector(${JSON.stringify(selector)})?.getBoundingClientRect();
    return {
      top: box?.top ?? -1,
      bottom: box?.bottom ?? 1e9,
      height: box?.height ?? 0,
      viewport: window.innerHeight,
      pageScrolls: document.documentElement.scrollHeight > window.innerHeight,
      mainScrolled: document.querySelector("main")?.scrollTop ?? -1,
    };
  })()`);
}

describe("the widget in Element's panels", () => {
  it("shows the compact view in the top panel (833×281): the first live row fully visible, actions behind Act", async () => {
    const context = await suite.newContext();
    const { page, frame, problems } = await openFramed(context, need(bob, "moderator"), {
      width: 833,
      height: 281,
    });
    const act = frame.getByRole("button", { name: "Act" });
    await act.waitFor({ timeout: 20_000 });
    expect(await frame.locator(".banner").count()).toBe(2);

    // The first live track's row: on screen, whole, without scrolling anything.
    const first = await layoutOf(frame, ".now .topic-row");
    expect(first.height).toBeGreaterThan(0);
    expect(first.top).toBeGreaterThanOrEqual(0);
    expect(first.bottom).toBeLessThanOrEqual(first.viewport);
    expect(first.viewport).toBe(281);
    expect(first.pageScrolls).toBe(false);
    expect(first.mainScrolled).toBe(0);
    expect(await frame.locator(".now .topic-row").first().textContent()).toContain("airship");
    // The header is one line, and the rest of the page waits for a taller frame.
    expect((await layoutOf(frame, "header.top")).height).toBeLessThan(40);
    expect(await frame.locator(".schedule-card").isVisible()).toBe(false);
    expect(await frame.locator("section.actions").isVisible()).toBe(false);
    await screenshot(page, "widget-833x281");

    // The second banner shows when the banner line is focused.
    expect(await frame.locator(".banner").nth(1).isVisible()).toBe(false);
    await frame.locator(".banners").focus();
    await frame.locator(".banner").nth(1).waitFor();
    await frame.locator(".banners").blur();

    await act.click();
    const heading = frame.getByRole("heading", { name: "Act as bob (moderator)" });
    await heading.waitFor();
    expect(await frame.getByRole("button", { name: "Post banner" }).isVisible()).toBe(true);
    expect(await act.getAttribute("aria-expanded")).toBe("true");
    await screenshot(page, "widget-833x281-act");
    await act.click();
    await heading.waitFor({ state: "hidden" });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows the compact view read-only when the sign-in prompt is declined", async () => {
    const context = await suite.newContext();
    const { frame, problems } = await openFramed(
      context,
      need(carol, "attendee"),
      { width: 833, height: 281 },
      "decline",
    );
    await frame.getByText("Read-only: not signed in").waitFor({ timeout: 20_000 });
    const first = await layoutOf(frame, ".now .topic-row");
    expect(first.bottom).toBeLessThanOrEqual(first.viewport);
    expect(await frame.getByRole("button", { name: "Act" }).isVisible()).toBe(false);
    expect(await frame.locator("section.actions").count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it.each([
    [833, 420],
    [349, 836],
    [1280, 900],
  ])("shows the full page in a %i×%i frame", async (width, height) => {
    const context = await suite.newContext();
    const { page, frame, problems } = await openFramed(context, need(bob, "moderator"), {
      width,
      height,
    });
    await frame.getByRole("heading", { name: "Act as bob (moderator)" }).waitFor({
      timeout: 20_000,
    });
    expect(await frame.locator(".schedule-card").isVisible()).toBe(true);
    expect(await frame.locator("footer").isVisible()).toBe(true);
    expect(await frame.getByRole("button", { name: "Act" }).isVisible()).toBe(false);
    expect(await frame.locator(".banner").nth(1).isVisible()).toBe(true);
    await screenshot(page, `widget-${width}x${height}`);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("live permissions", () => {
  it("hides a power-0 user's track actions after ~requirevoice, without a reload, and brings them back", async () => {
    const moderator = need(mod, "moderator");
    const context = await suite.newContext();
    const { frame, problems } = await openFramed(context, need(carol, "attendee"), {
      width: 349,
      height: 836,
    });
    await frame.getByRole("heading", { name: "Act as carol (attendee)" }).waitFor({
      timeout: 20_000,
    });
    const setNow = frame.getByRole("button", { name: "Set now" });
    await setNow.waitFor();
    // The page is not reloaded: a mark set now must survive.
    await frame.evaluate("window.__sameDocument = true");

    expect(bodyOf(await ask(moderator, room, "~requirevoice", botId))).toBe(
      "mod: Voice is now required to issue track commands",
    );
    await setNow.waitFor({ state: "detached", timeout: 10_000 });
    expect(await frame.getByRole("button", { name: "Check in here" }).isVisible()).toBe(true);

    expect(bodyOf(await ask(moderator, room, "~alloweveryone", botId))).toBe(
      "mod: Everyone may now issue track commands",
    );
    await setNow.waitFor({ timeout: 10_000 });
    expect(await frame.evaluate("window.__sameDocument")).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("re-reads what the user may do when their power level changes in the room", async () => {
    const moderator = need(mod, "moderator");
    const attendee = need(carol, "attendee");
    const context = await suite.newContext();
    const { frame, problems } = await openFramed(context, attendee, { width: 349, height: 836 });
    await frame.getByRole("heading", { name: "Act as carol (attendee)" }).waitFor({
      timeout: 20_000,
    });
    expect(await frame.getByRole("button", { name: "Post banner" }).count()).toBe(0);
    await moderator.setPowerLevel(room, attendee.userId, 50);
    try {
      await frame
        .getByRole("heading", { name: "Act as carol (moderator)" })
        .waitFor({ timeout: 15_000 });
      expect(await frame.getByRole("button", { name: "Post banner" }).isVisible()).toBe(true);
    } finally {
      await moderator.setPowerLevel(room, attendee.userId, 0);
      await storedPower(attendee.userId, (level) => level === 0);
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
