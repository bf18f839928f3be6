// The page in a second language: `?lang=de` shows German headings and German dates (Intl), and
// loads the German catalog only; the widget URL that Element fills in with its own language
// picks German; `lang=` overrides it; without either, the browser's languages decide; and the
// hallway screen speaks German too. With DOCS_SCREENSHOTS=DIR, saves the signage at 1920×1080 in
// English and German (the README's pictures).
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { widgetUrl } from "../../bot/delivery/widget.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { updateVenueSettings } from "../../shared/store/venue-time.js";
import { axeViolations } from "./axe.js";
import { SLUG, useBrowserSuite } from "./support.js";
import { liveEventDoc } from "./venue-docs.js";

const suite = useBrowserSuite();

/** Monday 2020-06-01, 10:00 UTC: the fixture's first slot is running. */
const MONDAY_MORNING = new Date("2020-06-01T10:00:00Z");
const HALL = "hall-de";

beforeAll(async () => {
  const doc = liveEventDoc(6);
  doc.urls = Object.fromEntries(doc.tracks.map((t) => [t, `https://meet.example.org/${t}`]));
  await importIntoEvent(suite.store.db, HALL, doc);
  const set = await updateVenueSettings(suite.store.db, HALL, {
    timeZone: "Europe/Berlin",
    firstDay: "2020-06-01",
  });
  expect(set.ok).toBe(true);
  await suite.store.db
    .updateTable("events")
    .set({ name: "OpenInfra PTG, Berlin" })
    .where("slug", "=", HALL)
    .execute();
});

/** A page of `path` in a browser whose languages are `locale`'s, and the catalogs it fetched. */
async function openIn(
  locale: string,
  path: string,
): Promise<{ context: BrowserContext; page: Page; catalogs: string[]; problems: string[] }> {
  const context = await suite.browser.newContext({
    locale,
    timezoneId: "UTC",
    viewport: { width: 1280, height: 900 },
  });
  await context.clock.setFixedTime(MONDAY_MORNING);
  const page = await context.newPage();
  const catalogs: string[] = [];
  const problems: string[] = [];
  page.on("request", (request) => {
    const name = /\/assets\/(en|de)-[^/]*\.js$/.exec(request.url())?.[1];
    if (name !== undefined) catalogs.push(name);
  });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(suite.origin + path);
  await page.locator(".page, .signage").first().waitFor();
  return { context, page, catalogs, problems };
}

const headings = (page: Page): Promise<string[]> => page.locator("main h2").allTextContents();

describe("the page in German", () => {
  it("?lang=de shows German headings and dates, and loads only the German catalog", async () => {
    const { context, page, catalogs, problems } = await openIn("en-GB", `/events/${SLUG}?lang=de`);
    expect(await page.getAttribute("html", "lang")).toBe("de");
    expect(await headings(page)).toEqual(
      expect.arrayContaining(["Jetzt", "Als Nächstes", "Zeitplan", "Wo gesprochen wird"]),
    );
    expect(await page.getByRole("tab", { selected: true }).textContent()).toBe("Montag (heute)");
    expect(await page.locator(".day-date").textContent()).toBe("Montag, 1. Juni 2020");
    expect(await page.locator(".updated").textContent()).toMatch(
      /^Zuletzt aktualisiert \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/,
    );
    // The chat commands stay PTGbot's English.
    expect(await page.locator(".help code").first().textContent()).toBe("#TRACK now TOPIC");
    expect(catalogs).toEqual(["de"]);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("in English (the default) shows English headings and dates", async () => {
    const { context, page, catalogs } = await openIn("en-GB", `/events/${SLUG}`);
    expect(await page.getAttribute("html", "lang")).toBe("en-GB");
    expect(await headings(page)).toEqual(expect.arrayContaining(["Now", "Coming next"]));
    expect(await page.locator(".day-date").textContent()).toBe("Monday, 1 June 2020");
    expect(catalogs).toEqual(["en"]);
    await context.close();
  });

  it("follows the language Element fills into the widget URL, and lang= overrides it", async () => {
    const filled = widgetUrl(suite.origin, SLUG)
      .replace("$matrix_room_id", encodeURIComponent("!room:example.org"))
      .replace("$matrix_widget_id", "ptg-ptg")
      .replace("$org.matrix.msc2873.client_theme", "light")
      .replace("$org.matrix.msc2873.client_language", "de");
    const path = filled.slice(suite.origin.length);
    const german = await openIn("en-GB", path);
    expect(await headings(german.page)).toContain("Jetzt");
    await german.context.close();

    const english = await openIn("de-DE", `${path}&lang=en`);
    expect(await headings(english.page)).toContain("Now");
    await english.context.close();
  });

  it("without a language asked for, follows the browser's (Accept-Language)", async () => {
    const { context, page } = await openIn("de-AT", `/events/${SLUG}`);
    expect(await page.getAttribute("html", "lang")).toBe("de-AT");
    expect(await headings(page)).toContain("Als Nächstes");
    await context.close();
    const other = await openIn("fr-FR", `/events/${SLUG}`);
    expect(await headings(other.page)).toContain("Coming next");
    await other.context.close();
  });
});

describe("signage in German", () => {
  it.each(["en", "de"])("speaks %s at 1920×1080", async (lang) => {
    const context = await suite.browser.newContext({
      locale: "en-GB",
      timezoneId: "UTC",
      viewport: { width: 1920, height: 1080 },
    });
    await context.clock.setFixedTime(MONDAY_MORNING);
    const page = await context.newPage();
    await page.goto(`${suite.origin}/events/${HALL}?view=signage&rotate=3600&lang=${lang}`);
    await page.locator('.signage[data-ready="true"]').waitFor();
    await page.locator("svg.sign-qr").first().waitFor();
    const words =
      lang === "de" ? ["Jetzt", "Als Nächstes", "Montag"] : ["Now", "Coming next", "Monday"];
    const text = (await page.locator(".signage").textContent()) ?? "";
    for (const word of words) expect(text).toContain(word);
    expect(await axeViolations(page)).toEqual([]);
    const dir = process.env.DOCS_SCREENSHOTS;
    if (dir) await page.screenshot({ path: `${dir}/signage-1920x1080-${lang}.png` });
    await context.close();
  });
});
