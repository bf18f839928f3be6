// Hostile text everywhere the widget shows data: set through the core wherever the core accepts
// it (topics, next topics, locations, banners, a nick, room descriptions by PTGbot import), and
// written straight into the database for what the core refuses (URLs that are not http(s),
// colours that are not colours, a track name that is not a name). Nothing may run, nothing may
// break the CSP, and the layout must hold.
import { describe, expect, it } from "vitest";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { bumpVersion } from "../../shared/store/events.js";
import { readDenver } from "../support/denver.js";
import {
  cspViolations,
  expectedRows,
  FIXTURE,
  MODERATOR,
  runAs,
  SLUG,
  tableRows,
  useBrowserSuite,
  type FixtureDoc,
} from "./support.js";

const suite = useBrowserSuite();

/** Wednesday 2020-06-03, 10:00 UTC: the Wednesday tab is today's (by its name). */
const WEDNESDAY_MORNING = new Date("2020-06-03T10:00:00Z");
const BALLROOM_A = "http://meet.jit.si/DEN-ptg-BallroomA";

const pwn = (n: number): string => `<img src=x onerror=window.__pwned=${n}>`;

const NOVA_TOPIC =
  `${pwn(1)} with #cinder, see https://example.org/"><img src=x onerror=window.__pwned=2> ` +
  "and javascript:alert(1)";
const NEXT_SCRIPT = "<script>window.__pwned=3</script>";
const LOCATION = `"><svg onload=window.__pwned=4>`;
const DANGER_BANNER = `"${pwn(5)} <b>bold</b>`;
const NICK = pwn(6);
const ROOM_DESCRIPTION = "<svg onload=window.__pwned=7>";
const ROOM_CAPABILITY = `"><script>window.__pwned=8</script>`;
const EVENT_NAME = pwn(20);
const TRACK_NAME = "<svg onload=window.__pwned=21>";
const LIVE_TOPIC = `${pwn(30)} arrived live`;

/** Through the core: each must be accepted (refusals are checked below). */
async function throughTheCore(): Promise<void> {
  const accept = async (text: string, actor = MODERATOR): Promise<void> => {
    const outcome = await runAs(suite.store, text, { actor });
    expect(outcome, text).toMatchObject({ status: "done", result: "ok" });
  };
  // A PTGbot import (the core's ~fetchdb and `ptg import`) with hostile room texts.
  const doc = readDenver() as unknown as FixtureDoc;
  const aspen = doc.schedule.Aspen;
  if (aspen === undefined) throw new Error("the fixture has no Aspen");
  aspen.desc = ROOM_DESCRIPTION;
  aspen.cap_desc = ROOM_CAPABILITY;
  await importIntoEvent(suite.store.db, SLUG, doc);

  await accept(`#nova now ${NOVA_TOPIC}`);
  await accept(`#nova next ${NEXT_SCRIPT}`);
  await accept("#nova next javascript:alert(1)");
  await accept(`#nova location ${LOCATION}`);
  await accept("#cinder now plain topic");
  await accept(`~motd add danger ${DANGER_BANNER}`);
  await accept("~motd add info javascript:alert(1) https://ok.example/x");
  await accept("#in #nova", { id: "@guest:example.org", nick: NICK, powerLevel: 0 });
}

/** What the core refuses, checked, then written into the database directly. */
async function behindTheCoresBack(): Promise<void> {
  for (const text of [
    "#nova url javascript:alert(1)",
    `#cinder url "><img src=x onerror=window.__pwned=9>`,
    "#cinder etherpad javascript:alert(1)",
    "#nova color red;background:url(javascript:window.__pwned=10)",
  ]) {
    const outcome = await runAs(suite.store, text);
    expect(outcome, text).toMatchObject({ status: "done", result: "refused" });
  }
  await suite.store.db.transaction().execute(async (trx) => {
    const event = await trx
      .selectFrom("events")
      .select("id")
      .where("slug", "=", SLUG)
      .executeTakeFirstOrThrow();
    const track = (name: string) =>
      trx.updateTable("tracks").where("event_id", "=", event.id).where("name", "=", name);
    await trx.updateTable("events").set({ name: EVENT_NAME }).where("id", "=", event.id).execute();
    await track("nova")
      .set({
        url: "javascript:alert(1)",
        color: "red;background:url(javascript:window.__pwned=10)",
      })
      .execute();
    await track("cinder")
      .set({
        url: `"><img src=x onerror=window.__pwned=9>`,
        etherpad: "javascript:alert(1)",
        color: "expression(alert(1))",
      })
      .execute();
    await trx.deleteFrom("links").where("event_id", "=", event.id).execute();
    await trx
      .insertInto("links")
      .values(
        [
          { label: pwn(11), url: "javascript:alert(1)" },
          { label: "quoted", url: `"><img src=x onerror=window.__pwned=12>` },
          { label: "data", url: "data:text/html,<script>alert(1)</script>" },
          { label: "fine", url: "https://ok.example/links" },
        ].map((link, i) => ({ event_id: event.id, position: i + 1, ...link })),
      )
      .execute();
    const aspen = await trx
      .updateTable("rooms")
      .set({ meeting_url: `"><img src=x onerror=window.__pwned=13>` })
      .where("event_id", "=", event.id)
      .where("name", "=", "Aspen")
      .returning("id")
      .executeTakeFirstOrThrow();
    // A track name the core would never accept, booked in Aspen-WedA1.
    const odd = await trx
      .insertInto("tracks")
      .values({ event_id: event.id, name: TRACK_NAME })
      .returning("id")
      .executeTakeFirstOrThrow();
    const slot = await trx
      .selectFrom("slots")
      .select("id")
      .where("event_id", "=", event.id)
      .where("code", "=", "WedA1")
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("bookings")
      .set({ track_id: odd.id })
      .where("room_id", "=", aspen.id)
      .where("slot_id", "=", slot.id)
      .execute();
    await bumpVersion(trx, event.id);
  });
}

describe("hostile strings", () => {
  it("are shown as text, run nothing, break no CSP rule and keep the layout", async () => {
    await throughTheCore();
    await behindTheCoresBack();
    const state = await suite.apiState();
    expect(state.name).toBe(EVENT_NAME); // the server reloaded after the direct writes

    const context = await suite.newContext({ now: WEDNESDAY_MORNING });
    const { page, problems } = await suite.open(context, `/widget/?event=${SLUG}`);
    // And once more while the page is open, through the live stream.
    await runAs(suite.store, `#cinder now ${LIVE_TOPIC}`);
    // (In the page; the live region announces it too, as text.)
    await page.locator("main").getByText("arrived live").waitFor({ timeout: 5000 });
    await page.locator(".announcer", { hasText: "arrived live" }).waitFor();
    await page.waitForTimeout(300); // let any handler that was going to fire, fire

    expect(await page.evaluate<unknown>("window.__pwned")).toBeUndefined();
    expect(problems).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(await page.locator("img, script:not([src]), iframe, object, embed").count()).toBe(0);
    expect(await page.locator("svg:not(.icon)").count()).toBe(0);
    const hrefs = await page.evaluate<string[]>(
      "[...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))",
    );
    expect(hrefs.length).toBeGreaterThan(40);
    for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);

    // Every hostile string is on the page, as text.
    const body = (await page.locator("body").textContent()) ?? "";
    for (const text of [
      `${pwn(1)} with `,
      NEXT_SCRIPT,
      LOCATION,
      DANGER_BANNER,
      TRACK_NAME,
      pwn(11),
      LIVE_TOPIC,
      `${ROOM_DESCRIPTION} · ${ROOM_CAPABILITY}`,
    ]) {
      expect(body).toContain(text);
    }
    expect(await page.locator("h1").textContent()).toBe(EVENT_NAME);
    expect(await page.title()).toBe(EVENT_NAME);

    // nova's topic keeps its real link, cut before the markup.
    const novaRow = page.locator(".now .topic-row", { hasText: "with #cinder" });
    expect(await novaRow.locator(".topic-text a").getAttribute("href")).toBe(
      "https://example.org/",
    );
    // nova's javascript: URL is not used: its badge links to its room instead.
    const novaBadge = novaRow.locator(".badge", { hasText: /^nova$/ });
    expect(await novaBadge.getAttribute("href")).toBe(BALLROOM_A);
    // The bad colour was refused: a colour derived from the name, with readable text.
    const colours = await page.evaluate<string[]>(`(() => {
      const badge = [...document.querySelectorAll(".now .topic-row .badge")]
        .find((b) => b.textContent === "nova");
      const style = getComputedStyle(badge);
      return [style.backgroundColor, style.color];
    })()`);
    expect(colours[0]).not.toBe("rgb(255, 0, 0)");
    expect(colours[1]).toMatch(/^rgb\((0, 0, 0|255, 255, 255)\)$/);
    // Check-ins: a count, the hostile nick only as an attribute's text.
    const people = novaRow.locator(".people");
    expect(await people.textContent()).toBe("1");
    expect(await people.getAttribute("title")).toBe(NICK);
    // cinder's etherpad and the bad links are text, not links; the good link stays one.
    expect(await page.getByRole("link", { name: "Etherpad of cinder" }).count()).toBe(0);
    expect(await page.locator(".links a").allTextContents()).toEqual(["fine"]);
    expect(await page.locator(".links li").count()).toBe(4);
    expect(await page.getByRole("link", { name: "Join the Aspen video room" }).count()).toBe(0);
    expect(await page.locator(".banner-danger").count()).toBe(1);
    expect(await page.locator(".banner-info").count()).toBe(1);

    // The layout holds: every day's table has its rows and columns, the odd booking in its cell.
    for (const day of Object.keys(FIXTURE.slots)) {
      await page.getByRole("tab", { name: day }).click();
      const rows = expectedRows(day);
      if (day === "Wednesday") {
        const aspen = rows.find((r) => r[0] === "Aspen");
        if (aspen === undefined) throw new Error("no Aspen on Wednesday");
        aspen[1] = TRACK_NAME;
      }
      expect(await tableRows(page)).toEqual(rows);
      expect(await page.locator("table.schedule thead th").count()).toBe(
        1 + (FIXTURE.slots[day]?.length ?? 0),
      );
    }
    expect(await page.evaluate<unknown>("window.__pwned")).toBeUndefined();
    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);

    // The watchers work: markup that did get into the DOM would be seen, and the CSP stops it.
    await page.evaluate(
      `document.body.insertAdjacentHTML("beforeend", ${JSON.stringify(pwn(99))})`,
    );
    await expect.poll(() => cspViolations(page)).toEqual([expect.stringMatching(/^script-src/)]);
    expect(await page.evaluate<unknown>("window.__pwned")).toBeUndefined();
    await context.close();
  });
});
