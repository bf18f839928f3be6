// Error pages as a browser sees them: HTML (not raw JSON) at / and for an unknown event, at a
// phone's, a laptop's and a hallway screen's width, without horizontal overflow or CSP
// violations, with working links; the same addresses still answer JSON to API clients.
import { describe, expect, it } from "vitest";
import { cspViolations, useBrowserSuite, watch } from "./support.js";

const suite = useBrowserSuite();

const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

const PATHS = [
  { path: "/", message: "Nothing at GET /" },
  { path: "/events/nope", message: "There is no event 'nope'" },
  { path: `/${"averylongaddresswithoutspaces".repeat(8)}`, message: "Nothing at GET /avery" },
];

describe("error pages in a browser", () => {
  it.each(SIZES)("are readable pages at $width px", async (viewport) => {
    const context = await suite.newContext({ viewport });
    const { page, problems } = watch(await context.newPage());
    for (const { path, message } of PATHS) {
      const response = await page.goto(suite.origin + path);
      expect(response?.status(), path).toBe(404);
      expect(response?.headers()["content-type"], path).toBe("text/html; charset=utf-8");
      await expect.poll(() => page.locator("h1").textContent()).toBe("Not Found");
      expect(await page.locator(".error-message").textContent(), path).toContain(message);
      const overflow = await page.evaluate<number>(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth",
      );
      expect(overflow, path).toBe(0);
      // The stylesheets loaded (same origin, allowed by the CSP).
      expect(
        await page.evaluate<number>("document.styleSheets.length"),
        `${path}: stylesheets`,
      ).toBe(2);
      expect(await cspViolations(page), path).toEqual([]);
    }
    // Its links lead somewhere.
    await page.getByRole("link", { name: "The chat commands" }).click();
    await page.waitForURL(`${suite.origin}/help`);
    expect(await page.title()).not.toBe("Not Found");
    // The 404s of the pages themselves are the only console errors.
    expect(problems.filter((p) => !p.includes("404"))).toEqual([]);
    await context.close();
  });

  it("answers API clients (fetch from a page) in JSON", async () => {
    const context = await suite.newContext();
    const page = await context.newPage();
    await page.goto(`${suite.origin}/help`);
    const answers = await page.evaluate<{ status: number; type: string; code: string }[]>(`
      Promise.all(["/", "/events/nope"].map(async (path) => {
        const response = await fetch(path);
        const body = await response.json();
        return { status: response.status, type: response.headers.get("content-type"), code: body.error.code };
      }))
    `);
    expect(answers).toEqual([
      { status: 404, type: "application/json; charset=utf-8", code: "not_found" },
      { status: 404, type: "application/json; charset=utf-8", code: "event_not_found" },
    ]);
    await context.close();
  });
});
