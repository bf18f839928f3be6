// The page as built reads CSS colour names with the browser's own CSS engine
// (widget/src/css-colors.browser.ts, put in place of the table by widget/vite.config.ts, to keep
// the table out of the first load). Here that file runs in Chromium against the table the
// server validates with: every name gives the table's colour, and what is no opaque named
// colour gives nothing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NAMED_COLORS } from "../../shared/domain/css-colors.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH, ROOT } from "./support.js";

let browser: Browser | undefined;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

/** Loads the browser resolver into a blank page; returns a function that asks it. */
async function resolverPage() {
  if (browser === undefined) throw new Error("no browser");
  const page = await browser.newPage();
  const source = readFileSync(join(ROOT, "widget/src/css-colors.browser.ts"), "utf8");
  const { code } = transformSync(source, {
    loader: "ts",
    format: "iife",
    globalName: "__colors",
  });
  await page.addScriptTag({ content: code });
  return {
    page,
    resolve: (names: string[]) =>
      page.evaluate<(string | null)[]>(
        `${JSON.stringify(names)}.map((name) => __colors.NAMED_COLORS.get(name) ?? null)`,
      ),
  };
}

describe("named colours in the browser", () => {
  it("gives the table's colour for every name", async () => {
    const { page, resolve } = await resolverPage();
    const names = [...NAMED_COLORS.keys()];
    expect(names.length).toBeGreaterThan(140);
    const got = await resolve(names);
    const differ = names.filter((name, i) => got[i] !== NAMED_COLORS.get(name));
    expect(differ).toEqual([]);
    await page.close();
  });

  it("gives nothing for what is not an opaque named colour", async () => {
    const { page, resolve } = await resolverPage();
    const refused = [
      "transparent",
      "currentcolor",
      "inherit",
      "initial",
      "unset",
      "revert",
      "notacolour",
      "red;color:blue",
      "#ff0000",
      "rgb(1, 2, 3)",
      "Red",
      "",
    ];
    expect(await resolve(refused)).toEqual(refused.map(() => null));
    await page.close();
  });
});
