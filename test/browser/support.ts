// Shared set-up of the Chromium suites: the real server (server/app.ts) over a real store with
// the PTGbot fixture imported by the real core, the widget as built for production, and one
// Chromium per test file (a new context per test).
//
// - Browser: Debian's /usr/bin/chromium, or CHROMIUM_PATH, driven by playwright-core; never a
//   downloaded browser. A missing browser fails every test of the file; nothing is skipped.
// - Widget: built with Vite (NODE_ENV=production) into a temporary directory named after a hash
//   of its sources, so that the suites of one run, and later runs over the same sources, share
//   one build; or WIDGET_DIST, to test a build made elsewhere.
// - Store: ONE kind per run, not both: PostgreSQL when DATABASE_URL is set (as in CI, the kind
//   production runs on), else embedded PGlite. The store suites (test/core, test/server) cover
//   both kinds; here the store only feeds the server.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { EventState } from "../../shared/api/event-state.js";
import { runCommand } from "../../shared/commands/execute.js";
import type { Outcome } from "../../shared/operations/execute.js";
import type { Actor } from "../../shared/operations/context.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import type { BuildServerOptions } from "../../server/http/options.js";
import { readDenver } from "../support/denver.js";
import { command, serverFor, SLUG } from "../server/support.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";

export { SLUG };

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The parts of the Denver document (test/support/denver.ts) that the tests check the page against. */
export interface FixtureDoc {
  slots: Record<string, { name: string; desc: string; realtime?: string }[]>;
  tracks: string[];
  schedule: Record<string, Record<string, string>>;
  links: Record<string, string>;
}

export const FIXTURE = readDenver() as unknown as FixtureDoc;

/** Keys of a schedule entry that describe the room rather than book a slot. */
const SLOT_CODE = /^(Mon|Tue|Wed|Thu|Fri)[AP]\d$/;

/** Every (room, slot) cell of the fixture's schedule: the track booked, or "" when free. */
export function fixtureCells(): { room: string; code: string; track: string }[] {
  return Object.entries(FIXTURE.schedule).flatMap(([room, entry]) =>
    Object.entries(entry)
      .filter(([key]) => SLOT_CODE.test(key))
      .map(([code, track]) => ({ room, code, track })),
  );
}

/**
 * The table a day should show, straight from the PTGbot JSON (not from the API): one row per
 * room open that day, room name first, then per slot the booked track, the booking code
 * (`Room-SlotCode`) of a free slot, or "–" when the room does not offer it.
 */
export function expectedRows(dayName: string): string[][] {
  const codes = (FIXTURE.slots[dayName] ?? []).map((s) => s.name);
  return Object.entries(FIXTURE.schedule)
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

// ---------------------------------------------------------------------------------------------
// The widget build

/** Files whose content decides the build: the widget, the API types it imports, the lock file. */
function buildInputs(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "dist" ? [] : walk(path);
      return [path];
    });
  return [
    ...walk(join(ROOT, "widget")),
    ...walk(join(ROOT, "shared/api")),
    ...walk(join(ROOT, "shared/domain")),
    join(ROOT, "package-lock.json"),
  ].sort();
}

function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of buildInputs()) {
    hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

const BUILD_PREFIX = "ptg-widget-build-";
const DAY_MS = 24 * 60 * 60 * 1000;

/** Removes builds of other sources left over from earlier runs (a day old or more). */
function pruneOldBuilds(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!name.startsWith(BUILD_PREFIX) || path === keep) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > DAY_MS) {
        rmSync(path, { recursive: true, force: true });
      }
    } catch {
      // Another run removed it first.
    }
  }
}

/**
 * The built widget: WIDGET_DIST when set, else a production build of this checkout's sources,
 * made once per version of the sources. Test files running in parallel may both build; the
 * first to finish renames its build into place and the other one discards its own.
 */
export function widgetBuild(): string {
  if (process.env.WIDGET_DIST) return process.env.WIDGET_DIST;
  const target = join(tmpdir(), `${BUILD_PREFIX}${sourceHash()}`);
  if (existsSync(join(target, "index.html"))) return target;
  const out = mkdtempSync(join(tmpdir(), "ptg-widget-partial-"));
  const viteBin = join(
    dirname(createRequire(import.meta.url).resolve("vite/package.json")),
    "bin/vite.js",
  );
  try {
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
    renameSync(out, target);
  } catch (error) {
    rmSync(out, { recursive: true, force: true });
    // Lost the race to a parallel build of the same sources: use that one.
    if (!existsSync(join(target, "index.html"))) throw error;
  }
  pruneOldBuilds(target);
  return target;
}

// ---------------------------------------------------------------------------------------------
// Commands and direct writes

let messageCounter = 0;

/** The default sender: a moderator of the event's room. */
export const MODERATOR: Actor = { id: "@mod:test", nick: "mod", powerLevel: 100 };

/** Runs a chat message through the real core and returns what it decided (accepted or not). */
export function runAs(
  store: TestStore,
  text: string,
  { actor = MODERATOR, slug = SLUG }: { actor?: Actor; slug?: string } = {},
): Promise<Outcome> {
  return runCommand(
    store.db,
    {
      messageId: `$browser-${process.pid}-${Date.now()}-${++messageCounter}`,
      eventSlug: slug,
      chatRoomId: null,
      venue: "event-room",
      actor,
      text,
    },
    { helpUrl: "http://ptg.test/help" },
  );
}

// ---------------------------------------------------------------------------------------------
// Pages

/** Records what must never happen in a page: CSP violations (the console and errors: below). */
const WATCH_SCRIPT = `
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(e.violatedDirective + " " + e.blockedURI);
  });
`;

export interface Watched {
  page: Page;
  /** Page errors, dialogs and console errors, as they happened. */
  problems: string[];
}

export interface ContextOptions {
  timezoneId?: string;
  /** The time the page sees (fixed, timers still run); null, the default: the real clock. */
  now?: Date | null;
  viewport?: { width: number; height: number };
}

/** Watches a page for errors, dialogs and console errors. */
export function watch(page: Page): Watched {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  return { page, problems };
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate<string[]>("window.__csp ?? []");
}

/** The schedule table(s) as text: one array per row, room name first. */
export async function tableRows(page: Page): Promise<string[][]> {
  return page.evaluate<string[][]>(`[...document.querySelectorAll("table.schedule tbody tr")]
    .map((row) => [
      row.querySelector(".room-name")?.textContent ?? "",
      ...[...row.querySelectorAll("td")].map((td) => td.textContent.trim()),
    ])`);
}

// ---------------------------------------------------------------------------------------------
// The suite

export interface BrowserSuite {
  readonly store: TestStore;
  readonly browser: Browser;
  /** The built widget's directory. */
  readonly dist: string;
  /** The real server's origin, e.g. "http://127.0.0.1:40123" (kept across restarts). */
  readonly origin: string;
  /** Runs a chat command as a moderator (through the real core); returns the new version. */
  command(text: string, slug?: string): Promise<number>;
  /** The state the API serves now. */
  apiState(slug?: string): Promise<EventState>;
  newContext(options?: ContextOptions): Promise<BrowserContext>;
  /** Opens a path of the server in a new page, watched, and waits for the app to render. */
  open(context: BrowserContext, path: string): Promise<Watched>;
  /** Cuts every open connection to the server, live streams included (it keeps listening). */
  dropConnections(): void;
  /** Stops the server (live streams end); the store stays. */
  stopServer(): Promise<void>;
  /** Starts a new server over the same store, on the same port. */
  startServer(): Promise<void>;
}

/**
 * Registers the hooks that set up and tear down the suite of a test file, and returns it (its
 * members throw until beforeAll has run). Call once, at the top of a test file. `serverOptions`
 * go to every server the suite starts (e.g. widget sign-in settings).
 */
export function useBrowserSuite(
  serverOptions: Partial<Omit<BuildServerOptions, "store" | "widgetDir">> = {},
): BrowserSuite {
  let store: TestStore | null = null;
  let browser: Browser | null = null;
  let app: FastifyInstance | null = null;
  let dist: string | null = null;
  let port = 0;
  /** Set when set-up failed: every test then fails with it (a failing beforeAll reports skips). */
  let setupError: Error | null = null;

  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`The browser suite has no ${what} (set-up failed?)`);
    return value;
  };

  const startServer = async (): Promise<void> => {
    const server = await serverFor(need(store, "store"), {
      ...serverOptions,
      widgetDir: need(dist, "widget build"),
      // Every write in these tests bumps the version, which notifies: no periodic checks.
      verifyIntervalMs: 0,
    });
    try {
      await server.listen({ host: "127.0.0.1", port });
    } catch (error) {
      await server.close();
      throw error;
    }
    port = (server.server.address() as AddressInfo).port;
    app = server;
  };

  let launching: Promise<unknown> | null = null;

  beforeAll(async () => {
    try {
      if (!existsSync(CHROMIUM_PATH)) {
        throw new Error(
          `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium or set CHROMIUM_PATH`,
        );
      }
      // Chromium starts while the widget builds and the store opens.
      const launch = chromium
        .launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
        .then((launched) => (browser = launched));
      launching = launch.catch(() => undefined); // its error is reported by the await below
      dist = widgetBuild();
      store = await openTestStore(storeKinds().includes("postgres") ? "postgres" : "pglite");
      await importIntoEvent(store.db, SLUG, readDenver());
      await startServer();
      await launch;
    } catch (e) {
      setupError = e instanceof Error ? e : new Error(String(e));
    }
  });

  beforeEach(() => {
    if (setupError !== null) throw setupError;
  });

  afterAll(async () => {
    await launching; // a browser still starting is closed too
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  const suite: BrowserSuite = {
    get store() {
      return need(store, "store");
    },
    get browser() {
      return need(browser, "browser");
    },
    get dist() {
      return need(dist, "widget build");
    },
    get origin() {
      return `http://127.0.0.1:${port}`;
    },
    command: (text, slug = SLUG) => command(need(store, "store"), text, slug),
    apiState: async (slug = SLUG) => {
      const response = await fetch(`${suite.origin}/api/v1/events/${encodeURIComponent(slug)}`);
      if (!response.ok) throw new Error(`GET state of ${slug}: HTTP ${response.status}`);
      return (await response.json()) as EventState;
    },
    newContext: async (contextOptions = {}) => {
      const context = await suite.browser.newContext({
        timezoneId: contextOptions.timezoneId ?? "UTC",
        locale: "en-GB",
        viewport: contextOptions.viewport ?? { width: 1280, height: 900 },
      });
      // Playwright's fake clock also fakes `performance`: timing tests keep the real clock.
      if (contextOptions.now) await context.clock.setFixedTime(contextOptions.now);
      await context.addInitScript({ content: WATCH_SCRIPT });
      return context;
    },
    open: async (context, path) => {
      const watched = watch(await context.newPage());
      await watched.page.goto(suite.origin + path);
      await watched.page.locator(".page, .signage").first().waitFor();
      return watched;
    },
    dropConnections: () => {
      need(app, "server").server.closeAllConnections();
    },
    stopServer: async () => {
      const running = app;
      app = null;
      await running?.close();
    },
    startServer,
  };
  return suite;
}
