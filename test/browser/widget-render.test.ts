// The widget in a real Chromium (Debian's /usr/bin/chromium or CHROMIUM_PATH, driven by
// playwright-core; never a downloaded browser).
//
// The widget is built by this test (vite build into a temporary directory; set WIDGET_DIST to
// test a build you made yourself) and served, with the production Content-Security-Policy, by a
// tiny node:http stand-in for the real server (./widget-server.ts) that serves an EventState made
// from the PTGbot fixture (./ptgbot-state.ts). Missing Chromium is a failure, not a skip.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BannerLevel, EventState, TrackState } from "../../shared/api/event-state.js";
import { diffState, type StateChange } from "../../shared/api/state-change.js";
import { loadFixture, ptgbotToEventState, type PtgbotJson } from "./ptgbot-state.js";
import { startWidgetServer, type WidgetServer } from "./widget-server.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Wednesday 2020-06-03, 10:00 UTC: during WedA1 of the fixture (day 1 = Monday 2020-06-01). */
const WEDNESDAY_MORNING = new Date("2020-06-03T10:00:00Z");
const FIRST_DAY = "2020-06-01";

const fixture: PtgbotJson = loadFixture();
const base = (slug: string): EventState =>
  ptgbotToEventState(fixture, { slug, name: "Denver PTG", firstDay: FIRST_DAY });

/** Records what must never happen in a page: errors, dialogs, CSP violations. */
const WATCH_SCRIPT = `
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(e.violatedDirective + " " + e.blockedURI);
  });
`;

interface Watched {
  page: Page;
  problems: string[];
}

let browser: Browser | null = null;
let server: WidgetServer | null = null;
let dist: string;
let builtHere = false;

function buildWidget(): string {
  if (process.env.WIDGET_DIST) return process.env.WIDGET_DIST;
  const out = mkdtempSync(join(tmpdir(), "ptg-widget-"));
  const viteBin = join(
    dirname(createRequire(import.meta.url).resolve("vite/package.json")),
    "bin/vite.js",
  );
  execFileSync(
    process.execPath,
    [
      viteBin,
      "build",
      "--config",
      "widget/vite.config.ts",
      "--outDir",
      out,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    // vitest sets NODE_ENV=test, which would make a development build (preact/debug and all).
    { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } },
  );
  builtHere = true;
  return out;
}

async function newContext(
  options: {
    timezoneId?: string;
    /** The time the page sees (fixed); null: the real clock. */
    now?: Date | null;
    viewport?: { width: number; height: number };
  } = {},
): Promise<BrowserContext> {
  const context = await brw().newContext({
    timezoneId: options.timezoneId ?? "UTC",
    locale: "en-GB",
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  // Playwright's fake clock also fakes `performance`, so timing tests use the real clock.
  if (options.now !== null) await context.clock.setFixedTime(options.now ?? WEDNESDAY_MORNING);
  await context.addInitScript({ content: WATCH_SCRIPT });
  return context;
}

async function open(context: BrowserContext, path: string): Promise<Watched> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  await page.goto(srv().origin + path);
  await page.locator(".page, .signage").first().waitFor();
  return { page, problems };
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate<string[]>("window.__csp");
}

/** The schedule table as text: one array per row, room name first. */
async function tableRows(page: Page): Promise<string[][]> {
  const rows = page.locator("table.schedule tbody tr");
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const name = (await row.locator(".room-name").textContent()) ?? "";
    const cells = await row.locator("td").allTextContents();
    out.push([name, ...cells.map((c) => c.trim())]);
  }
  return out;
}

/** The table each day should show, straight from the PTGbot JSON. */
function expectedRows(doc: PtgbotJson, dayName: string): string[][] {
  const codes = (doc.slots[dayName] ?? []).map((s) => s.name);
  return Object.entries(doc.schedule)
    .filter(([, entry]) => codes.some((c) => c in entry))
    .map(([room, entry]) => [
      room,
      ...codes.map((c) => {
        const booked = entry[c];
        if (booked === undefined) return "–";
        return booked === "" ? `${room}-${c}` : booked;
      }),
    ]);
}

const srv = (): WidgetServer => {
  if (server === null) throw new Error("no server");
  return server;
};
const brw = (): Browser => {
  if (browser === null) throw new Error("no browser");
  return browser;
};

/** Set when the browser or the server could not start: every test then fails with it. */
let setupError: Error | null = null;

beforeAll(async () => {
  try {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH`,
      );
    }
    dist = buildWidget();
    server = await startWidgetServer(dist, [base("den"), base("live"), base("tz"), hostileState()]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (e) {
    setupError = e instanceof Error ? e : new Error(String(e));
  }
});

// A missing browser must fail every test, not skip them (a failing beforeAll reports skips).
beforeEach(() => {
  if (setupError !== null) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (builtHere) rmSync(dist, { recursive: true, force: true });
});

describe("the built widget", () => {
  it("has no inline script or style and fits in 30 KB gzipped", () => {
    const html = readFileSync(join(dist, "index.html"), "utf8");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style|\sstyle=/i);
    const output = execFileSync(process.execPath, [
      join(ROOT, "widget/scripts/check-size.mjs"),
      dist,
    ]).toString();
    console.log(output.trim());
    expect(output).toMatch(/within the 30 KB budget/);
  });
});

describe("rendering the PTGbot fixture", () => {
  it("shows every day tab, every booked track and every free slot code", async () => {
    const context = await newContext();
    const { page, problems } = await open(context, "/widget/?event=den");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Denver PTG");
    const tabs = page.getByRole("tab");
    expect(await tabs.allTextContents()).toEqual([
      "Monday",
      "Tuesday",
      "Wednesday (today)",
      "Thursday",
      "Friday",
    ]);
    // Today (Wednesday) is selected, and its running slot is highlighted.
    expect(await page.getByRole("tab", { selected: true }).textContent()).toBe("Wednesday (today)");
    expect(await page.locator("th.slot.current .slot-label").allTextContents()).toEqual([
      "09:00-10:45",
    ]);
    expect(await page.locator("td.current").count()).toBe(22);

    let booked = 0;
    let free = 0;
    for (const day of Object.keys(fixture.slots)) {
      await page.getByRole("tab", { name: day }).click();
      const panel = page.getByRole("tabpanel");
      expect(await panel.getAttribute("aria-labelledby")).toBe(
        await page.getByRole("tab", { selected: true }).getAttribute("id"),
      );
      const headers = await page.locator("th.slot .slot-label").allTextContents();
      expect(headers).toEqual((fixture.slots[day] ?? []).map((s) => s.desc));
      const rows = await tableRows(page);
      expect(rows).toEqual(expectedRows(fixture, day));
      booked += await page.locator("td .badge").count();
      free += await page.locator("td code.free").count();
    }
    // Every booking and every free cell of the fixture was shown once.
    const cells = Object.values(fixture.schedule).flatMap((entry) =>
      Object.entries(entry).filter(([k]) => /^(Mon|Tue|Wed|Thu|Fri)[AP]\d$/.test(k)),
    );
    expect(booked).toBe(cells.filter(([, v]) => v !== "").length);
    expect(free).toBe(cells.filter(([, v]) => v === "").length);

    // Rooms show their description, capabilities and meeting link.
    await page.getByRole("tab", { name: "Monday" }).click();
    const aspen = page.locator("th.room", { hasText: "Aspen" });
    expect(await aspen.textContent()).toContain("Fits a team of 10 · Videoprojection available");
    expect(
      await page.getByRole("link", { name: "Join the Ballroom A video room" }).getAttribute("href"),
    ).toBe("http://meet.jit.si/DEN-ptg-BallroomA");

    // Etherpads (generated) and links.
    expect(await page.locator(".pads li").count()).toBe(
      new Set([...fixture.tracks, ...cells.map(([, v]) => v).filter((v) => v !== "")]).size,
    );
    expect(await page.getByRole("link", { name: "Etherpad of nova" }).getAttribute("href")).toBe(
      "https://etherpad.opendev.org/p/DEN-ptg-nova",
    );
    expect(await page.getByRole("link", { name: "venue map" }).getAttribute("href")).toBe(
      "https://www.openstack.org/assets/ptg/Denver-map.pdf",
    );
    expect(await page.locator(".help").textContent()).toContain("#TRACK book ROOM-SLOT");
    expect(await page.locator(".updated time").getAttribute("datetime")).toBe(
      base("den").updatedAt,
    );

    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("renders the first state quickly", async () => {
    const context = await newContext({ now: null });
    for (let i = 0; i < 3; i++) {
      const { page } = await open(context, "/widget/?event=den");
      const firstRender = await page.evaluate<number>(
        "performance.getEntriesByName('ptg:first-render')[0]?.startTime ?? -1",
      );
      console.log(`first render: ${Math.round(firstRender)} ms after navigation start`);
      expect(firstRender).toBeGreaterThan(0);
      expect(firstRender).toBeLessThan(1500);
      await page.close();
    }
    await context.close();
  });

  it("selects the first day when the event does not run today", async () => {
    const context = await newContext({ now: new Date("2020-06-07T10:00:00Z") }); // a Sunday
    const { page } = await open(context, "/widget/?event=den");
    expect(await page.getByRole("tab", { selected: true }).textContent()).toBe("Monday");
    expect(await page.locator(".current").count()).toBe(0);
    await context.close();
  });

  it("moves between day tabs with the keyboard", async () => {
    const context = await newContext();
    const { page } = await open(context, "/widget/?event=den");
    const selected = page.getByRole("tab", { selected: true });
    await selected.focus();
    expect(await page.locator("[role=tab][tabindex='0']").count()).toBe(1);
    await page.keyboard.press("ArrowRight");
    expect(await selected.textContent()).toBe("Thursday");
    expect(await page.evaluate<string>("document.activeElement.textContent")).toBe("Thursday");
    await page.keyboard.press("End");
    expect(await selected.textContent()).toBe("Friday");
    await page.keyboard.press("ArrowRight");
    expect(await selected.textContent()).toBe("Monday");
    await page.keyboard.press("ArrowLeft");
    expect(await selected.textContent()).toBe("Friday");
    await page.keyboard.press("Home");
    expect(await selected.textContent()).toBe("Monday");
    expect(await page.locator(".table-scroll tbody tr").first().textContent()).toContain("Aspen");
    await context.close();
  });
});

function hostileState(): EventState {
  const state = base("hostile");
  const track = (name: string): TrackState => {
    const t = state.tracks.find((x) => x.name === name);
    if (!t) throw new Error(name);
    return t;
  };
  state.name = "<img src=x onerror=window.__pwned=1>";
  const nova = track("nova");
  nova.now = {
    topic:
      "<img src=x onerror=window.__pwned=2> with #cinder, " +
      'see https://example.org/"><img src=x onerror=window.__pwned=3> and javascript:alert(1)',
    since: state.updatedAt,
  };
  nova.next = ["<script>window.__pwned=4</script>", "javascript:alert(1)"];
  nova.url = "javascript:alert(1)";
  nova.color = "red;background:url(javascript:window.__pwned=5)";
  nova.checkedIn = [{ nick: "<img src=x onerror=window.__pwned=6>", since: state.updatedAt }];
  const cinder = track("cinder");
  cinder.now = { topic: "plain topic", since: state.updatedAt };
  cinder.url = '"><img src=x onerror=window.__pwned=7>';
  cinder.etherpad = "javascript:alert(1)";
  cinder.color = "expression(alert(1))";
  state.banners = [
    { level: "danger", message: '"><img src=x onerror=window.__pwned=8> <b>bold</b>' },
    { level: "<script>" as BannerLevel, message: "javascript:alert(1) https://ok.example/x" },
  ];
  state.links = [
    { label: "<img src=x onerror=window.__pwned=9>", url: "javascript:alert(1)" },
    { label: "quoted", url: '"><img src=x onerror=window.__pwned=10>' },
    { label: "data", url: "data:text/html,<script>alert(1)</script>" },
  ];
  const aspen = state.rooms.find((r) => r.name === "Aspen");
  if (!aspen) throw new Error("Aspen");
  aspen.url = '"><img src=x onerror=window.__pwned=11>';
  aspen.description = "<svg onload=window.__pwned=12>";
  aspen.bookings.WedA1 = "<svg onload=window.__pwned=13>";
  return state;
}

describe("hostile strings", () => {
  it("are shown as text and run nothing", async () => {
    const context = await newContext();
    const { page, problems } = await open(context, "/widget/?event=hostile");
    await page.waitForTimeout(300);
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

    const body = (await page.locator("body").textContent()) ?? "";
    expect(body).toContain("<img src=x onerror=window.__pwned=2> with ");
    expect(body).toContain("<script>window.__pwned=4</script>");
    expect(body).toContain('"><img src=x onerror=window.__pwned=8> <b>bold</b>');
    expect(body).toContain("<svg onload=window.__pwned=13>");
    expect(await page.locator("h1").textContent()).toBe("<img src=x onerror=window.__pwned=1>");
    expect(await page.title()).toBe("<img src=x onerror=window.__pwned=1>");

    // The topic's real link is kept, cut before the markup.
    expect(await page.locator(".topic-text a").getAttribute("href")).toBe("https://example.org/");
    // nova's javascript: URL is not used: its badge links to its room instead, or is no link.
    const novaBadge = page.locator(".now .topic-row .badge", { hasText: /^nova$/ });
    expect(await novaBadge.getAttribute("href")).toBe("http://meet.jit.si/DEN-ptg-BallroomA");
    // The bad colour was refused: a colour derived from the name, with readable text.
    expect(await novaBadge.count()).toBe(1);
    const colours = await page.evaluate<string[]>(`(() => {
      const badge = [...document.querySelectorAll(".now .topic-row .badge")]
        .find((b) => b.textContent === "nova");
      const style = getComputedStyle(badge);
      return [style.backgroundColor, style.color];
    })()`);
    expect(colours[0]).not.toBe("rgb(255, 0, 0)");
    expect(colours[1]).toMatch(/^rgb\((0, 0, 0|255, 255, 255)\)$/);
    // Check-ins: a count, the names on hover (title) and keyboard focus, as text.
    const people = page.locator(".now .people");
    expect(await people.textContent()).toBe("1");
    expect(await people.getAttribute("tabindex")).toBe("0");
    expect(await people.getAttribute("title")).toBe("<img src=x onerror=window.__pwned=6>");
    // The invalid banner level falls back to info.
    expect(await page.locator(".banner-info").count()).toBe(1);
    expect(await page.locator(".banner-danger").count()).toBe(1);
    await context.close();
  });
});

describe("time zones", () => {
  it.each([
    ["Asia/Tokyo", "18:00", "19:00"],
    ["America/New_York", "05:00", "06:00"],
    ["UTC", null, "10:00"],
  ])("shows slot start times in the viewer's zone (%s)", async (timezoneId, start, clock) => {
    const monday = new Date("2020-06-01T10:00:00Z");
    const context = await newContext({ timezoneId, now: monday });
    const { page } = await open(context, "/widget/?event=tz");
    expect(await page.getByRole("tab", { selected: true }).textContent()).toBe("Monday (today)");
    const first = page.locator("th.slot").first();
    expect(await first.locator(".slot-label").textContent()).toBe("09:00-10:45");
    // The viewer's own start time is shown when it differs from the label's.
    if (start === null) expect(await first.locator(".slot-start").count()).toBe(0);
    else expect(await first.locator(".slot-start").textContent()).toBe(start);
    expect(await first.getAttribute("class")).toContain("current");
    const signage = await open(context, "/events/tz?view=signage");
    expect(await signage.page.locator(".clock").textContent()).toBe(clock);
    await context.close();
  });
});

describe("live updates", () => {
  it("applies changes, refetches when they do not chain, and reconnects", async () => {
    const context = await newContext();
    const { page, problems } = await open(context, "/widget/?event=live");
    const live = page.locator(".live");
    await expect.poll(() => live.textContent()).toBe("Live");

    let current = base("live");
    const publish = (edit: (s: EventState) => void, tamper?: (c: StateChange) => void): void => {
      const next = structuredClone(current);
      edit(next);
      next.version = current.version + 1;
      next.updatedAt = new Date(Date.parse(current.updatedAt) + 60_000).toISOString();
      const change = diffState(current, next);
      tamper?.(change);
      srv().setState(next);
      srv().pushChange("live", change);
      current = next;
    };
    const setTopic = (topic: string) => (s: EventState) => {
      const t = s.tracks.find((x) => x.name === "swift") ?? s.tracks[0];
      if (t) t.now = { topic, since: s.updatedAt };
    };

    const started = Date.now();
    publish(setTopic("first live topic"));
    await page.getByText("first live topic").waitFor({ timeout: 1000 });
    console.log(`live change shown after ${Date.now() - started} ms`);

    // A change that does not chain onto the widget's version: it refetches the state.
    const fetchesBefore = srv().stateRequests("live");
    publish(setTopic("refetched topic"), (c) => {
      c.from = 999;
    });
    await page.getByText("refetched topic").waitFor({ timeout: 2000 });
    expect(srv().stateRequests("live")).toBe(fetchesBefore + 1);

    // The stream goes away and the server refuses it for a while: "Reconnecting…", then live.
    srv().setStreamsDown(true);
    srv().dropStreams();
    await expect.poll(() => live.textContent()).toBe("Reconnecting…");
    srv().setStreamsDown(false);
    await expect.poll(() => live.textContent(), { timeout: 10_000 }).toBe("Live");
    publish(setTopic("after reconnect"));
    await page.getByText("after reconnect").waitFor({ timeout: 1000 });

    // The only errors are the ones this test caused: the cut stream and the 503s.
    expect(problems.filter((p) => !/503|ERR_INCOMPLETE_CHUNKED_ENCODING/.test(p))).toEqual([]);
    await context.close();
  });
});

describe("views", () => {
  it("serves the public page at /events/:slug", async () => {
    const context = await newContext();
    const { page } = await open(context, "/events/den");
    expect(await page.locator("h1").textContent()).toBe("Denver PTG");
    expect(await page.getByRole("tablist").count()).toBe(1);
    await context.close();
  });

  it("shows today's schedule in large type as signage", async () => {
    const context = await newContext({ viewport: { width: 1920, height: 1080 } });
    const { page } = await open(context, "/widget/?event=den&view=signage");
    expect(await page.getByRole("tablist").count()).toBe(0);
    expect(await page.locator(".help, .pads").count()).toBe(0);
    expect(await page.locator(".signage-day").textContent()).toBe("Wednesday");
    // More than 12 rooms: two tables side by side, together the whole day.
    expect(await page.locator("table.schedule").count()).toBe(2);
    expect(await tableRows(page)).toEqual(expectedRows(fixture, "Wednesday"));
    const fontSize = await page.evaluate<number>(
      "parseFloat(getComputedStyle(document.documentElement).fontSize)",
    );
    expect(fontSize).toBeGreaterThan(20); // the page uses 15px
    await context.close();
  });

  it("follows the theme parameter", async () => {
    const context = await newContext();
    const dark = await open(context, "/widget/?event=den&theme=dark");
    expect(await dark.page.locator("html").getAttribute("data-theme")).toBe("dark");
    const element = await open(
      context,
      "/widget/?event=den&org.matrix.msc2873.client_theme=light-high-contrast",
    );
    expect(await element.page.locator("html").getAttribute("data-theme")).toBe("light");
    await context.close();
  });
});

describe("inside a Matrix client", () => {
  it("completes the widget handshake and follows theme changes", async () => {
    const parentUrl = `${srv().origin}/matrix-client.html`;
    const widgetUrl =
      `/widget/?event=den&theme=light&matrix_room_id=!room:example.org&widgetId=w1` +
      `&parentUrl=${encodeURIComponent(parentUrl)}`;
    srv().addPage(
      "/matrix-client.html",
      `<!doctype html><iframe id="w" src="${widgetUrl}" width="900" height="700"></iframe>`,
    );
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(parentUrl);
    const frame = page.frameLocator("#w");
    await frame.locator(".page").waitFor();

    // Play Element's part: answer the widget's requests, then ask it ours.
    const result = await page.evaluate<{
      fromWidget: string[];
      versions: unknown;
      capabilities: unknown;
      theme: unknown;
    }>(`(async () => {
      const widget = document.getElementById("w").contentWindow;
      const fromWidget = [];
      window.addEventListener("message", (ev) => {
        const m = ev.data;
        if (!m || m.api !== "fromWidget" || m.response) return;
        fromWidget.push(m.action);
        const response = m.action === "supported_api_versions"
          ? { supported_versions: ["0.0.1", "0.0.2"] } : {};
        widget.postMessage({ ...m, response }, "*");
      });
      let n = 0;
      const ask = (action, data) => new Promise((resolve, reject) => {
        const requestId = "req" + ++n;
        const onReply = (ev) => {
          if (ev.data && ev.data.api === "toWidget" && ev.data.requestId === requestId) {
            window.removeEventListener("message", onReply);
            resolve(ev.data.response);
          }
        };
        window.addEventListener("message", onReply);
        widget.postMessage({ api: "toWidget", widgetId: "w1", requestId, action, data }, "*");
        setTimeout(() => reject(new Error("no reply to " + action)), 5000);
      });
      const versions = await ask("supported_api_versions", {});
      const capabilities = await ask("capabilities", {});
      const theme = await ask("theme_change", { name: "dark" });
      return { fromWidget, versions, capabilities, theme };
    })()`);
    expect(result.capabilities).toEqual({ capabilities: [] });
    expect(result.theme).toEqual({});
    expect(result.versions).toMatchObject({ supported_versions: expect.any(Array) as unknown });
    expect(result.fromWidget).toContain("supported_api_versions");
    await expect.poll(() => frame.locator("html").getAttribute("data-theme")).toBe("dark");
    await context.close();
  });

  it("does not load matrix-widget-api outside a Matrix client", async () => {
    const context = await newContext();
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(r.url());
    });
    await page.goto(`${srv().origin}/widget/?event=den&widgetId=w1`);
    await page.locator(".page").waitFor();
    expect(scripts).toHaveLength(1);
    await context.close();
  });
});
