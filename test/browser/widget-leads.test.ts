// Lead sign-up in Chromium, inside the Matrix client stand-in (matrix-host.ts), on a real Synapse
// with the real bot delivering the outbox: a user asks to lead #nova from the widget; the event
// room gets one message with the open requests; an admin sees the request in their widget and
// approves it with one click, and the user is told in a direct message and is shown as #nova's
// lead; a second request (#swift) is refused with one click, and the user is told that too.
// Then, leading two tracks booked in one slot, the user sees the conflict warning on both slots.
// With PTG_SCREENSHOTS=DIR, the admin's panel with an open request in Element's right panel
// (349×836) and top panel (833×281, actions opened). Asking, approving and refusing work by
// keyboard alone; the form and the admin's panel have no axe violation and 24×24 px targets.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { widgetId, widgetUrl } from "../../bot/delivery/widget.js";
import { recordingLog, testConfig, waitForJoin } from "../bot/support.js";
import type { MatrixClient } from "../support/matrix-client.js";
import { useSynapse } from "../support/use-synapse.js";
import { axeViolations, setTheme, smallTargets } from "./axe.js";
import { startMatrixHost, type MatrixHost } from "./matrix-host.js";
import { SLUG, useBrowserSuite, watch } from "./support.js";

const matrixServers = new Map<string, string>();
const suite = useBrowserSuite({ widgetAuth: { matrixServers } });
const synapse = useSynapse({ users: ["mod", "carol", "ptgbot"] });

const hosts = new Map<string, MatrixHost>();
let bot: RunningBot | undefined;
let room = "";
let botId = "";
let setupError: unknown;

beforeAll(async () => {
  try {
    await setUp();
  } catch (error) {
    setupError = error;
  }
}, 15 * 60_000);

/** A client stand-in that vouches for `user` (an OpenID token from Synapse). */
const hostFor = (user: MatrixClient) =>
  startMatrixHost(() =>
    user.request("POST", `/user/${encodeURIComponent(user.userId)}/openid/request_token`, {
      body: {},
    }),
  );

async function setUp(): Promise<void> {
  const hs = synapse();
  matrixServers.set(hs.serverName, hs.baseUrl);
  const { mod, carol, ptgbot } = hs.users;
  hosts.set("mod", await hostFor(mod));
  hosts.set("carol", await hostFor(carol));
  botId = ptgbot.userId;
  bot = await startBot({
    store: suite.store,
    config: testConfig(hs.baseUrl, ptgbot.accessToken, SLUG, suite.store.url),
    log: recordingLog(),
    syncTimeoutMs: 3_000,
    lockRetryMs: 200,
  });
  // mod creates the room (an admin of the event); carol is an attendee (power 0).
  room = await mod.createRoom({ name: "Lead sign-up", preset: "public_chat" });
  await mod.invite(room, botId);
  await waitForJoin(mod, room, botId);
  await carol.join(room);
  await vi.waitFor(
    async () => {
      const member = await suite.store.db
        .selectFrom("matrix_room_members")
        .select("user_id")
        .where("room_id", "=", room)
        .where("user_id", "=", carol.userId)
        .executeTakeFirst();
      if (member === undefined) throw new Error("the bot has not stored carol's membership yet");
    },
    { timeout: 30_000, interval: 100 },
  );
}

afterAll(async () => {
  await bot?.stop();
  for (const host of hosts.values()) await host.close();
}, 60_000);

function ready(): void {
  if (setupError !== undefined) {
    throw setupError instanceof Error ? setupError : new Error("set-up failed");
  }
}

/** Opens the widget in the event room for `who`, signed in; optionally in a frame of a size. */
async function openAs(
  context: BrowserContext,
  who: "mod" | "carol",
  size?: { width: number; height: number },
  language = "en",
): Promise<{ page: Page; frame: Frame; problems: string[] }> {
  const user = synapse().users[who];
  const host = hosts.get(who);
  if (host === undefined) throw new Error(`no client for ${who}`);
  const { page, problems } = watch(await context.newPage());
  const query = new URLSearchParams({
    id: widgetId(SLUG),
    template: widgetUrl(suite.origin, SLUG),
    room,
    user: user.userId,
    openid: "allow",
    language,
    ...(size === undefined ? {} : { width: String(size.width), height: String(size.height) }),
  });
  await page.goto(`${host.origin}/element.html?${query.toString()}`);
  await page.frameLocator("#widget").locator(".page").waitFor();
  const frame = page.frames().find((f) => f.url().startsWith(`${suite.origin}/widget/`));
  if (frame === undefined) throw new Error("the widget's frame is missing");
  return { page, frame, problems };
}

describe("lead sign-up from the widget", () => {
  it("asks, approves and refuses with one click; the requester is told in Matrix", async () => {
    ready();
    const { mod, carol } = synapse().users;
    await mod.syncToNow();
    await carol.syncToNow();

    // carol asks to lead #nova, with one line.
    const carolContext = await suite.newContext();
    const asker = await openAs(carolContext, "carol");
    const result = asker.frame.locator(".action-result");
    await asker.frame.locator("section.actions").first().waitFor({ timeout: 20_000 });
    await asker.frame.locator("select.action-track").selectOption("nova");
    // The request form, as an attendee sees it: no axe violation in either theme, big targets.
    for (const theme of ["light", "dark"] as const) {
      await setTheme(asker.frame, theme);
      expect(await axeViolations(asker.frame), theme).toEqual([]);
    }
    expect(await smallTargets(asker.frame, ".lead-tools button, .lead-tools input")).toEqual([]);
    await asker.frame.getByLabel("Why you would lead #nova (one line)").fill("I chair Nova");
    await asker.frame.getByRole("button", { name: "Ask to lead #nova" }).click();
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toBe("Asked to lead #nova (request 1); an admin will answer");
    await asker.frame
      .getByText("Your request 1 to lead #nova waits for an admin")
      .waitFor({ timeout: 10_000 });

    // The event room hears of it once, with every open request.
    const summary = await mod.waitForMessage(
      room,
      (e) => e.sender === botId && (e.content.body ?? "").startsWith("Lead request 1:"),
    );
    expect(summary.content.body).toBe(
      'Lead request 1: carol asks to lead #nova: "I chair Nova"\n' +
        "Open lead requests (1): 1 carol #nova\n" +
        "Admins: ~leads approve N or ~leads refuse N, or one click in the widget",
    );

    // The admin sees it in their widget, and approves it with one click.
    const modContext = await suite.newContext();
    const admin = await openAs(modContext, "mod");
    const request1 = admin.frame.locator(".lead-requests li", {
      hasText: "1. carol asks to lead #nova",
    });
    await request1.waitFor({ timeout: 20_000 });
    expect(await request1.textContent()).toContain("I chair Nova");
    await admin.frame.getByRole("button", { name: "Approve lead request 1" }).click();
    await expect
      .poll(() => admin.frame.locator(".action-result").textContent(), { timeout: 10_000 })
      .toBe("Approved lead request 1: carol now leads #nova (no request open)");
    await admin.frame.getByText("No open lead requests").waitFor({ timeout: 10_000 });

    // carol is told in a direct message, and the page shows her as #nova's lead.
    const dm = await carol.waitForInvite();
    await carol.join(dm);
    const approved = await carol.waitForMessage(dm, (e) => e.sender === botId);
    expect(approved.content.body).toBe(
      "mod approved your request to lead #nova: you now lead #nova",
    );
    await asker.frame
      .locator(".track-leads li", { hasText: "nova" })
      .getByText("carol")
      .waitFor({ timeout: 10_000 });
    await expect
      .poll(() => asker.frame.locator("#act-title").textContent(), { timeout: 10_000 })
      .toBe("Act as carol (lead)");

    // A second request, for #swift: it shows up live in the admin's widget.
    await asker.frame.locator("select.action-track").selectOption("swift");
    await asker.frame.getByLabel("Why you would lead #swift (one line)").fill("And Swift");
    await asker.frame.getByRole("button", { name: "Ask to lead #swift" }).click();
    await expect
      .poll(() => result.textContent(), { timeout: 10_000 })
      .toBe("Asked to lead #swift (request 2); an admin will answer");
    await admin.frame
      .locator(".lead-requests li", { hasText: "2. carol asks to lead #swift" })
      .waitFor({ timeout: 10_000 });
    await screenshots(modContext);
    // The admin's widget, with a request to answer on screen: no axe violation in either theme.
    for (const theme of ["light", "dark"] as const) {
      await setTheme(admin.frame, theme);
      expect(await axeViolations(admin.frame), theme).toEqual([]);
    }
    expect(await smallTargets(admin.frame, ".lead-tools button")).toEqual([]);

    await admin.frame.getByRole("button", { name: "Refuse lead request 2" }).click();
    await expect
      .poll(() => admin.frame.locator(".action-result").textContent(), { timeout: 10_000 })
      .toBe("Refused lead request 2 (carol for #swift; no request open)");
    const refused = await carol.waitForMessage(dm, (e) => e.sender === botId);
    expect(refused.content.body).toBe("mod refused your request to lead #swift");
    await asker.frame
      .getByRole("button", { name: "Ask to lead #swift" })
      .waitFor({ timeout: 10_000 });

    // Refused in the widget: an answered request cannot be answered again.
    expect(
      await suite.store.db
        .selectFrom("track_leads")
        .innerJoin("tracks", "tracks.id", "track_leads.track_id")
        .select("tracks.name")
        .where("track_leads.user_id", "=", carol.userId)
        .execute(),
    ).toEqual([{ name: "nova" }]);

    // carol leads #swift too (an admin adds her): with both booked in one slot, her page warns
    // her on both slots, as the booking reply did; a page without sign-in shows nothing.
    await suite.command(`#swift leads add ${carol.userId}`);
    const state = await suite.apiState();
    const code =
      state.days[0]?.slots
        .map((slot) => slot.code)
        .find((c) => state.rooms.filter((r) => r.bookings[c] === null).length >= 2) ?? "";
    const [first, second] = state.rooms.filter((r) => r.bookings[code] === null);
    expect(second, "a slot free in two rooms").toBeDefined();
    await suite.command(`#nova book ${first?.name ?? ""}-${code}`);
    await suite.command(`#swift book ${second?.name ?? ""}-${code}`);
    await asker.frame
      .locator('.slot-warning[aria-label="#nova shares a lead with #swift, booked then"]')
      .first()
      .waitFor({ timeout: 10_000 });
    await asker.frame
      .locator('.slot-warning[aria-label="#swift shares a lead with #nova, booked then"]')
      .first()
      .waitFor({ timeout: 10_000 });
    const publicPage = await suite.open(await suite.newContext(), `/events/${SLUG}`);
    await publicPage.page.locator(".track-leads").getByText("carol").first().waitFor();
    expect(await publicPage.page.locator(".slot-warning").count()).toBe(0);
    expect(asker.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
    await carolContext.close();
    await modContext.close();
  }, 180_000);
});

describe("lead sign-up by keyboard alone", () => {
  it("asks, approves and refuses with Tab, typing and Enter only", async () => {
    ready();
    const carolContext = await suite.newContext();
    const asker = await openAs(carolContext, "carol");
    await asker.frame.locator("section.actions").first().waitFor({ timeout: 20_000 });
    const modContext = await suite.newContext();
    const admin = await openAs(modContext, "mod");
    await admin.frame.locator(".lead-tools").waitFor({ timeout: 20_000 });

    /** carol picks `track` and asks to lead it, by keyboard; returns the request's number. */
    const ask = async (track: string, why: string): Promise<number> => {
      await asker.page.locator("#widget").focus();
      await tabTo(asker.page, asker.frame, "select.action-track");
      // The arrow keys on the focused list pick the track.
      const select = asker.frame.locator("select.action-track");
      await asker.page.keyboard.press("Home");
      for (let i = 0; i < 100 && (await select.inputValue()) !== track; i++) {
        await asker.page.keyboard.press("ArrowDown");
      }
      expect(await select.inputValue()).toBe(track);
      await tabTo(asker.page, asker.frame, ".lead-tools input");
      await asker.page.keyboard.type(why);
      await tabTo(asker.page, asker.frame, ".lead-tools button", "Ask to lead");
      expect(await asker.frame.evaluate<string | null>("document.activeElement.textContent")).toBe(
        `Ask to lead #${track}`,
      );
      await asker.page.keyboard.press("Enter");
      const result = asker.frame.locator(".action-result");
      await expect
        .poll(() => result.textContent(), { timeout: 10_000 })
        .toMatch(new RegExp(`^Asked to lead #${track} \\(request \\d+\\)`));
      return Number(/request (\d+)/.exec((await result.textContent()) ?? "")?.[1]);
    };

    const first = await ask("watcher", "Keys only");
    await admin.page.locator("#widget").focus();
    await tabTo(
      admin.page,
      admin.frame,
      `button[aria-label="Approve lead request ${String(first)}"]`,
    );
    await admin.page.keyboard.press("Enter");
    await expect
      .poll(() => admin.frame.locator(".action-result").textContent(), { timeout: 10_000 })
      .toMatch(new RegExp(`^Approved lead request ${String(first)}: carol now leads #watcher`));

    const second = await ask("tripleo", "Space too");
    await admin.page.locator("#widget").focus();
    await tabTo(
      admin.page,
      admin.frame,
      `button[aria-label="Refuse lead request ${String(second)}"]`,
    );
    await admin.page.keyboard.press("Space");
    await expect
      .poll(() => admin.frame.locator(".action-result").textContent(), { timeout: 10_000 })
      .toMatch(new RegExp(`^Refused lead request ${String(second)} \\(carol for #tripleo`));
    expect(asker.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
    await carolContext.close();
    await modContext.close();
  }, 120_000);
});

/**
 * Presses Tab until the focused element in `frame` matches `selector` (and its text starts with
 * `text`, when given); fails after `limit` presses.
 */
async function tabTo(
  page: Page,
  frame: Frame,
  selector: string,
  text?: string,
  limit = 400,
): Promise<void> {
  for (let i = 0; i < limit; i++) {
    const hit = await frame.evaluate<boolean>(`(() => {
      const el = document.activeElement;
      if (!el?.matches(${JSON.stringify(selector)})) return false;
      return ${JSON.stringify(text ?? "")} === "" || (el.textContent ?? "").startsWith(${JSON.stringify(text ?? "")});
    })()`);
    if (hit) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`no focus on ${selector} after ${String(limit)} Tab presses`);
}

/**
 * With PTG_SCREENSHOTS=DIR: the admin's widget with an open request and the attendee's (lead
 * request form, "My calendar"), at Element's panel sizes, in English and German (the client's
 * language picks it). Neither is wider than its frame.
 */
async function screenshots(_context: BrowserContext): Promise<void> {
  const dir = process.env.PTG_SCREENSHOTS;
  if (dir === undefined || dir === "") return;
  mkdirSync(dir, { recursive: true });
  for (const locale of ["en", "de"]) {
    const context = await suite.browser.newContext();
    for (const [width, height] of [
      [349, 836],
      [833, 281],
    ] as const) {
      for (const who of ["mod", "carol"] as const) {
        const opened = await openAs(context, who, { width, height }, locale);
        await opened.page.setViewportSize({ width, height });
        if (height < 300) {
          const act = opened.frame.locator("button.act");
          expect(await act.textContent()).toBe(locale === "de" ? "Handeln" : "Act");
          await act.click();
        }
        const name = `widget-${who}-${locale}-${String(width)}x${String(height)}`;
        await opened.frame
          .locator(who === "mod" ? ".lead-requests li" : ".lead-request-mine")
          .first()
          .waitFor({ timeout: 20_000 });
        await opened.frame.locator(".lead-tools").scrollIntoViewIfNeeded();
        await opened.page.screenshot({ path: join(dir, `${name}-leads.png`) });
        // The top panel (compact.css) shows only now, next and the actions: no "My calendar".
        if (height >= 300) {
          const calendar = opened.frame.locator("section.my-calendar");
          await calendar.waitFor({ timeout: 20_000 });
          await calendar.scrollIntoViewIfNeeded();
          await opened.page.screenshot({ path: join(dir, `${name}-calendar.png`) });
        }
        expect(
          await opened.frame.evaluate<number>(
            "document.documentElement.scrollWidth - window.innerWidth",
          ),
        ).toBeLessThanOrEqual(0);
        await opened.page.close();
      }
    }
    await context.close();
  }
}
