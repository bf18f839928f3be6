// Live updates end to end: a chat command applied by the real core shows up in an open page,
// without a reload; and the stream comes back by itself after the network or the server went
// away. How long that takes is logged here, not asserted: speed figures belong in bench/.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { cspViolations, SLUG, useBrowserSuite, type BrowserSuite } from "./support.js";

const suite: BrowserSuite = useBrowserSuite();

/**
 * Marks the page and counts its navigations: if the marker is still there and nothing navigated,
 * what changed came through the live stream, not a reload.
 */
async function markPage(page: Page): Promise<() => Promise<void>> {
  let navigations = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  const marker = `m${Math.random()}`;
  await page.evaluate(`window.__marker = ${JSON.stringify(marker)}`);
  return async () => {
    expect(await page.evaluate<unknown>("window.__marker")).toBe(marker);
    expect(navigations).toBe(0);
  };
}

/** Records the Last-Event-ID header (or null) of every stream connection the server answered. */
function recordStreamConnections(page: Page): (string | null)[] {
  const resumedFrom: (string | null)[] = [];
  page.on("response", (response) => {
    if (!new URL(response.url()).pathname.endsWith("/stream")) return;
    void response
      .request()
      .allHeaders()
      .then((headers) => resumedFrom.push(headers["last-event-id"] ?? null));
  });
  return resumedFrom;
}

/**
 * Arms an observer in the page for the first moment an element matching `selector` contains
 * every one of `texts`; returns a function that waits for that moment (at most 10 s) and gives
 * its time by the page's Date.now() (the real clock, as in this process).
 */
async function armWatch(
  page: Page,
  selector: string,
  texts: string[],
): Promise<() => Promise<number>> {
  await page.evaluate(`(() => {
    const selector = ${JSON.stringify(selector)};
    const wanted = ${JSON.stringify(texts)};
    const found = () => [...document.querySelectorAll(selector)].some((el) =>
      wanted.every((t) => el.textContent.includes(t)));
    if (found()) throw new Error("already on the page: " + selector + " " + wanted.join(" "));
    window.__seen = new Promise((resolve, reject) => {
      const observer = new MutationObserver(() => {
        if (!found()) return;
        resolve(Date.now());
        observer.disconnect();
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      setTimeout(() => reject(new Error("not seen within 10 s: " + wanted.join(" "))), 10000);
    });
  })()`);
  // (Not waitForFunction: its polling evaluates strings, which the page's CSP forbids.)
  return () => page.evaluate<number>("window.__seen");
}

/**
 * Runs a command and returns how long after it started (the clock starts right before
 * runCommand, so the commit is included) its effect was in the page's DOM.
 */
async function timedCommand(
  page: Page,
  text: string,
  selector: string,
  texts: string[],
): Promise<number> {
  const seen = await armWatch(page, selector, texts);
  const started = Date.now();
  await suite.command(text);
  const delay = (await seen()) - started;
  console.log(`'${text}': on screen ${delay} ms after the command started`);
  return delay;
}

describe("live updates", () => {
  it("shows commands applied by the core in the open page, without a reload", async () => {
    const context = await suite.newContext();
    const { page, problems } = await suite.open(context, `/widget/?event=${SLUG}`);
    const live = page.locator(".live");
    await expect.poll(() => live.textContent()).toBe("Live");
    const unchanged = await markPage(page);
    await page.getByRole("tab", { name: "Friday" }).click();
    const aspen = page.locator("table.schedule tbody tr", { hasText: "Aspen" });
    expect(await aspen.locator("code.free").allTextContents()).toContain("Aspen-FriP1");

    // Each waits for its effect on screen (at most 10 s) and logs how long it took.
    await timedCommand(page, "#swift now ring placement", ".now .topic-row", [
      "swift",
      "ring placement",
    ]);
    await timedCommand(page, "~motd add warning hello", ".banner-warning", ["hello"]);
    await timedCommand(page, "#nova book Aspen-FriP1", "table.schedule tbody tr", [
      "Aspen",
      "nova",
    ]);
    await timedCommand(page, "#swift now ring balancing", ".now .topic-row", [
      "swift",
      "ring balancing",
    ]);

    // The booking replaced the free code in its cell; the other free cells stay.
    expect(await aspen.locator("code.free").allTextContents()).toEqual([
      "Aspen-FriA1",
      "Aspen-FriA2",
      "Aspen-FriP2",
    ]);
    expect(await aspen.locator("td").nth(2).textContent()).toBe("nova");
    // The page shows the version the API serves.
    const state = await suite.apiState();
    expect(await page.locator(".updated time").getAttribute("datetime")).toBe(state.updatedAt);
    // Still on Friday: the tab chosen by hand survived every update.
    expect(await page.getByRole("tab", { selected: true }).textContent()).toMatch(/^Friday/);
    await unchanged();
    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("reconnects by itself after the network was cut, and catches up", async () => {
    const context = await suite.newContext();
    const { page } = await suite.open(context, `/widget/?event=${SLUG}`);
    const live = page.locator(".live");
    await expect.poll(() => live.textContent()).toBe("Live");
    const unchanged = await markPage(page);
    const connections = recordStreamConnections(page);
    const before = (await suite.apiState()).version;

    // Offline alone keeps open connections: cut them too, as a real network failure would.
    await context.setOffline(true);
    suite.dropConnections();
    await expect.poll(() => live.textContent(), { timeout: 10_000 }).toBe("Reconnecting…");
    await suite.command("#swift now missed while offline");
    await suite.command("~motd add info also missed");
    await page.waitForTimeout(300);
    expect(await page.locator("main").getByText("missed while offline").count()).toBe(0);

    const back = Date.now();
    await context.setOffline(false);
    await page.locator("main").getByText("missed while offline").waitFor({ timeout: 15_000 });
    await page.locator(".banner-info", { hasText: "also missed" }).waitFor();
    console.log(`caught up ${Date.now() - back} ms after the network came back`);
    await expect.poll(() => live.textContent()).toBe("Live");
    // It resumed from the version it had (Last-Event-ID): the server sends just what it missed.
    await expect.poll(() => connections).toEqual([String(before)]);

    // And the stream is live again.
    await timedCommand(page, "#swift now after the cut", ".now .topic-row", ["after the cut"]);
    await unchanged();
    await context.close();
  });

  it("reconnects by itself after the server restarted, and catches up", async () => {
    const context = await suite.newContext();
    const { page } = await suite.open(context, `/widget/?event=${SLUG}`);
    const live = page.locator(".live");
    await expect.poll(() => live.textContent()).toBe("Live");
    const unchanged = await markPage(page);
    const connections = recordStreamConnections(page);
    const before = (await suite.apiState()).version;

    // The server goes away (its streams end), a change is made meanwhile, a new server starts.
    await suite.stopServer();
    await expect.poll(() => live.textContent(), { timeout: 10_000 }).toBe("Reconnecting…");
    await suite.command("#swift now changed during the restart");
    const back = Date.now();
    await suite.startServer();
    await page.locator("main").getByText("changed during the restart").waitFor({ timeout: 15_000 });
    console.log(`caught up ${Date.now() - back} ms after the server came back`);
    await expect.poll(() => live.textContent()).toBe("Live");
    // It asked to resume; the new server has no history, so it sent the whole state.
    await expect.poll(() => connections).toEqual([String(before)]);

    await timedCommand(page, "#swift now after the restart", ".now .topic-row", [
      "after the restart",
    ]);
    await unchanged();
    await context.close();
  });
});
