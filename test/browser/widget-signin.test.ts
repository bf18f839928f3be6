// Signing in from the widget, in Chromium: a Matrix client stand-in (matrix-host.ts) frames the
// widget and answers its OpenID request with a real token from a test Synapse; the real server
// checks it with Synapse and the widget shows who is signed in and what they are in the room.
// Declining leaves a complete, live, read-only widget; outside Matrix nothing signs in.
//
// The room's power levels and members are written to the store as the bot writes them (the bot
// itself is tested doing so in test/bot/widget-session.test.ts).
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Frame, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { widgetId, widgetUrl } from "../../bot/delivery/widget.js";
import { bindChatRoom } from "../../shared/store/events.js";
import type { MatrixClient } from "../support/matrix-client.js";
import { useWidgetRig } from "../support/use-widget-rig.js";
import type { MatrixHost } from "./matrix-host.js";
import { SLUG, useBrowserSuite, watch } from "./support.js";

const ROOM = "!signin:example.org";
/** The server name → homeserver mapping, filled in once Synapse runs. */
const matrixServers = new Map<string, string>();
const suite = useBrowserSuite({ widgetAuth: { matrixServers } });
// No bot: the room's rows are written below, as the bot writes them.
const rig = useWidgetRig({
  users: ["bob"],
  event: SLUG,
  store: () => suite.store,
  bot: false,
  matrixServers,
  host: { viewer: (): MatrixClient => need(bob, "user") },
});

let host: MatrixHost | undefined;
let bob: MatrixClient | undefined;
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
  const user = rig.users.bob;
  bob = user;
  host = rig.host;

  // The event room, as the bot stores it: bound to the event, bob joined at power level 50.
  const db = suite.store.db;
  const event = await db
    .selectFrom("events")
    .select("id")
    .where("slug", "=", SLUG)
    .executeTakeFirstOrThrow();
  await bindChatRoom(db, ROOM, event.id);
  await db
    .insertInto("matrix_room_members")
    .values({ room_id: ROOM, user_id: user.userId, display_name: "bob" })
    .execute();
  await db
    .insertInto("matrix_room_power")
    .values({
      room_id: ROOM,
      creators: JSON.stringify(["@mod:example.org"]),
      has_power_levels: true,
      users: JSON.stringify({ "@mod:example.org": 100, [user.userId]: 50 }),
      users_default: 0,
    })
    .execute();
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
    room: ROOM,
    user: need(bob, "user").userId,
    openid,
  });
  await page.goto(`${need(host, "client").origin}/element.html?${query.toString()}`);
  await page.frameLocator("#widget").locator(".page").waitFor();
  const frame = page.frames().find((f) => f.url().startsWith(`${suite.origin}/widget/`));
  if (frame === undefined) throw new Error("the widget's frame is missing");
  return { page, frame, problems };
}

/** Every request to the sign-in API that pages of this context make. */
function signInRequests(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on("request", (request) => {
    if (request.url().includes("/api/v1/sessions"))
      seen.push(`${request.method()} ${request.url()}`);
  });
  return seen;
}

const bobSessions = async () =>
  (
    await suite.store.db
      .selectFrom("widget_sessions")
      .select("token_hash")
      .where("user_id", "=", need(bob, "user").userId)
      .execute()
  ).length;

describe("signing in from the widget", () => {
  it("signs in with the client's OpenID token and shows who is signed in", async () => {
    const context = await suite.newContext();
    const requests = signInRequests(context);
    const scripts: string[] = [];
    context.on("request", (request) => {
      const asset = /\/widget\/assets\/([a-z-]+)-[\w-]{8}\.(js|css)$/.exec(request.url());
      if (asset !== null) scripts.push(`${asset[1]}.${asset[2]}`);
    });
    const { page, frame, problems } = await openInClient(context, "allow");
    const userId = need(bob, "user").userId;

    const status = frame.locator(".session");
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toContain(`Signed in as ${userId}`);
    // What they may do heads the action panel, by the name the room knows them by.
    await frame.getByRole("heading", { name: "Act as bob (moderator)" }).waitFor();
    expect(await page.evaluate<string[]>("window.__host.openid")).toEqual(["allowed"]);
    // Still asks the client for no capabilities: OpenID needs none.
    expect(await page.evaluate<string[]>("window.__host.requested")).toEqual([]);
    expect(requests).toEqual([`POST ${suite.origin}/api/v1/sessions`]);
    expect(await bobSessions()).toBe(1);
    // Inside a Matrix client, and only there, the widget API's handshake, then sign-in and the
    // actions (with their stylesheet), the session (shared with the parts loaded after sign-in)
    // and the words only a signed-in user sees (the second en.js) come in chunks of their own
    // (widget-chunks.test.ts).
    expect(scripts.sort()).toEqual([
      "en.js",
      "en.js",
      "index.css",
      "index.js",
      "matrix.js",
      "session.js",
      "signed-in.css",
      "signed-in.js",
    ]);
    // The session token lives in memory only: no web storage holds it (in a cross-site frame
    // the browser may deny storage altogether), and the widget's code never touches any.
    const stored = await frame.evaluate<string>(`(() => {
      try {
        return JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
      } catch (e) {
        return "denied: " + e.name;
      }
    })()`);
    expect(stored).not.toContain("ptgw_");
    const code = readdirSync(join(suite.dist, "assets"))
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(join(suite.dist, "assets", f), "utf8"))
      .join("\n");
    expect(code).not.toMatch(/localStorage|sessionStorage|indexedDB|document\.cookie/);

    // Live as ever.
    await suite.command("#swift now signed in and live");
    await frame.locator("main").getByText("signed in and live").waitFor({ timeout: 5000 });

    await screenshots(page, "signed-in");

    // Signing out ends the session on the server.
    await frame.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => status.textContent()).toBe("Read-only: Signed out");
    await expect.poll(bobSessions).toBe(0);
    expect(await page.evaluate<string[]>("window.__host.errors")).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("stays complete, live and read-only when the user declines", async () => {
    const context = await suite.newContext();
    const requests = signInRequests(context);
    const before = await bobSessions();
    const { page, frame, problems } = await openInClient(context, "decline");

    await expect
      .poll(() => frame.locator(".session").textContent(), { timeout: 15_000 })
      .toBe("Read-only: not signed in");
    expect(await page.evaluate<string[]>("window.__host.openid")).toEqual(["declined"]);
    expect(requests).toEqual([]);
    expect(await bobSessions()).toBe(before);
    expect(await frame.locator("table.schedule tbody tr").count()).toBeGreaterThan(0);
    await suite.command("#swift now declined but live");
    await frame.locator("main").getByText("declined but live").waitFor({ timeout: 5000 });
    await screenshots(page, "declined");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("does not sign in outside a Matrix client", async () => {
    need(host, "client");
    const context = await suite.newContext();
    const requests = signInRequests(context);
    const { page, problems } = await suite.open(context, `/events/${SLUG}`);
    await suite.command("#swift now public page");
    await page.locator("main").getByText("public page").waitFor({ timeout: 5000 });
    expect(await page.locator(".session").count()).toBe(0);
    expect(requests).toEqual([]);
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
    await page.frameLocator("#widget").locator(".session").waitFor();
    await page.screenshot({ path: join(dir, `${name}-${label}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
