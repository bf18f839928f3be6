// What a page downloads (issue 23): the public page and signage load only what they show. The
// widget API's handshake, sign-in and the actions are chunks of their own (matrix-*.js,
// signed-in-*.js and its stylesheet), which only a widget inside a Matrix client loads (that
// they do is checked in widget-signin.test.ts); the hallway screen's chunk and stylesheet load
// only on signage, the talk list's only on a page whose event has talks (widget-talks.test.ts).
import type { BrowserContext } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SLUG, useBrowserSuite } from "./support.js";

const suite = useBrowserSuite();

/** The name part of every /widget/assets/ file the context's pages request, e.g. "index.js". */
function assetsRequested(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on("request", (request) => {
    const match = /\/widget\/assets\/([A-Za-z-]+?)-[\w-]{8}\.(js|css)$/.exec(request.url());
    seen.push(match === null ? request.url() : `${match[1]}.${match[2]}`);
  });
  return seen;
}

const onlyAssets = (seen: string[]): string[] =>
  seen.filter((url) => !url.startsWith("http")).sort();

describe("what a page downloads", () => {
  it("the public page loads the app, its stylesheet and its language, nothing else", async () => {
    const context = await suite.newContext();
    const seen = assetsRequested(context);
    const { page, problems } = await suite.open(context, `/events/${SLUG}`);
    await suite.command("#swift now chunks on the public page");
    await page.locator("main").getByText("chunks on the public page").waitFor({ timeout: 5000 });
    expect(onlyAssets(seen)).toEqual(["en.js", "index.css", "index.js"]);
    // Every request of the page: the page, the assets above, the state and its live stream.
    const others = seen.filter((url) => url.startsWith("http")).map((url) => new URL(url).pathname);
    expect(others.sort()).toEqual([
      `/api/v1/events/${SLUG}`,
      `/api/v1/events/${SLUG}/stream`,
      `/events/${SLUG}`,
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a widget URL outside a Matrix client loads no widget API, sign-in or actions", async () => {
    const context = await suite.newContext();
    const seen = assetsRequested(context);
    const { problems } = await suite.open(
      context,
      `/widget/?event=${SLUG}&widgetId=ptg&matrix_room_id=${encodeURIComponent("!r:example.org")}`,
    );
    expect(onlyAssets(seen)).toEqual(["en.js", "index.css", "index.js"]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("signage loads the hallway screen's chunk and stylesheet, no sign-in or actions", async () => {
    const context = await suite.newContext({ viewport: { width: 1920, height: 1080 } });
    const seen = assetsRequested(context);
    const { page, problems } = await suite.open(context, `/widget/?event=${SLUG}&view=signage`);
    await page.locator(".signage").waitFor();
    const assets = onlyAssets(seen);
    // (TalkItem: a talk's card and its stylesheet, shared with the talk list of a page with talks;
    // talks: which talks run now and come next, shared with the page's Now and Coming next.)
    expect(assets.filter((name) => name !== "dist.js")).toEqual([
      "Signage.css",
      "Signage.js",
      "TalkItem.css",
      "TalkItem.js",
      "en.js",
      "index.css",
      "index.js",
      "talks.js",
    ]);
    // Styled from the start: the hallway screen's own rules apply.
    expect(
      await page.evaluate<boolean>(
        `[...document.styleSheets].some((s) => (s.href ?? "").includes("/assets/Signage-"))`,
      ),
    ).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
