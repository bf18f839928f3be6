// The widget's speed in Chromium, the figures the functional browser tests only log:
//   - first render: navigation start to the first state on screen (`ptg:first-render`), per load;
//   - live delay: a chat command applied by the core, to its effect in an open page's DOM;
//   - signage layout: a 500-track event, from navigation to every page measured (data-ready).
// Run: `npx tsx bench/widget-browser.ts [--loads 5] [--commands 10]` (PGlite; DATABASE_URL for
// PostgreSQL). Targets: first render < 500 ms, live delay < 1 s (the spec's).
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { chromium, type Page } from "playwright-core";
import { importIntoEvent } from "../shared/schedule/ptgbot-import-event.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH, widgetBuild } from "../test/browser/support.js";
import { liveEventDoc } from "../test/browser/venue-docs.js";
import { readDenver } from "../test/support/denver.js";
import { command, serverFor, SLUG } from "../test/server/support.js";
import { openTestStore } from "../test/support/stores.js";

const { values } = parseArgs({
  options: {
    loads: { type: "string", default: "5" },
    commands: { type: "string", default: "10" },
  },
});
const loads = Number(values.loads);
const commands = Number(values.commands);

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const summary = (xs: number[]): string =>
  `median ${median(xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (${xs.length} runs)`;

/**
 * Arms an observer in the page for the first element matching `selector` whose text contains
 * `text`, and returns a function that gives the page's Date.now() at that moment.
 */
async function arm(page: Page, selector: string, text: string): Promise<() => Promise<number>> {
  await page.evaluate(`(() => { window.__seen = new Promise((resolve) => {
    const found = () => [...document.querySelectorAll(${JSON.stringify(selector)})]
      .some((el) => el.textContent.includes(${JSON.stringify(text)}));
    const observer = new MutationObserver(() => {
      if (found()) { observer.disconnect(); resolve(Date.now()); }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  }); })()`);
  return () => page.evaluate<number>("window.__seen");
}

const dist = widgetBuild();
const store = await openTestStore(process.env.DATABASE_URL ? "postgres" : "pglite");
await importIntoEvent(store.db, SLUG, readDenver());
await importIntoEvent(store.db, "hall-500", liveEventDoc(500));
const app = await serverFor(store, { widgetDir: dist, verifyIntervalMs: 0 });
await app.listen({ host: "127.0.0.1", port: 0 });
const origin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const firstRenders: number[] = [];
  for (let i = 0; i < loads; i++) {
    const page = await context.newPage();
    await page.goto(`${origin}/widget/?event=${SLUG}`);
    await page.locator(".page").waitFor();
    firstRenders.push(
      await page.evaluate<number>("performance.getEntriesByName('ptg:first-render')[0].startTime"),
    );
    await page.close();
  }
  console.log(`first render:    ${summary(firstRenders)} (target < 500 ms)`);

  const page = await context.newPage();
  await page.goto(`${origin}/widget/?event=${SLUG}`);
  await page.locator(".live-live").waitFor();
  const delays: number[] = [];
  for (let i = 0; i < commands; i++) {
    const topic = `bench topic ${i}`;
    const seen = await arm(page, ".now .topic-row", topic);
    const started = Date.now();
    await command(store, `#swift now ${topic}`);
    delays.push((await seen()) - started);
  }
  console.log(`live delay:      ${summary(delays)} (target < 1000 ms)`);

  const hall = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const layouts: number[] = [];
  for (let i = 0; i < Math.min(loads, 3); i++) {
    const screen = await hall.newPage();
    const started = performance.now();
    await screen.goto(`${origin}/events/hall-500?view=signage&rotate=3600`);
    await screen.locator('.signage[data-ready="true"]').waitFor({ timeout: 60_000 });
    layouts.push(performance.now() - started);
    const pages = await screen.locator(".signage").getAttribute("data-pages");
    if (i === 0) console.log(`signage, 500 live tracks at 1920×1080: ${pages} pages`);
    await screen.close();
  }
  console.log(`signage layout:  ${summary(layouts)} (navigation to every page measured)`);
} finally {
  await browser.close();
  await app.close();
  await store.close();
}
