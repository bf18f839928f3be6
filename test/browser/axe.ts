// Runs axe-core (the npm package's own build, injected through the DevTools protocol, which the
// page's CSP does not govern) in a page or frame, and lists every violation at any impact with
// the elements it found, so that a failing test says what to fix.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Frame, Page } from "playwright-core";

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

/** WCAG 2.0, 2.1 and 2.2, levels A and AA, and axe's best practices. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** "rule (impact): target, target… — help" for each violation; [] when there is none. */
export async function axeViolations(target: Page | Frame): Promise<string[]> {
  await target.evaluate(AXE_SOURCE);
  return target.evaluate<string[]>(`(async () => {
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ${JSON.stringify(TAGS)} },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) =>
      v.id + " (" + v.impact + "): " +
      v.nodes.slice(0, 5).map((n) => n.target.join(" ") + (n.failureSummary ? " [" + n.failureSummary.replace(/\\s+/g, " ").slice(0, 160) + "]" : "")).join("; ") +
      " — " + v.help);
  })()`);
}

/** Sets the page's theme as the widget does (data-theme on <html>), for checking both. */
export async function setTheme(target: Page | Frame, theme: "light" | "dark"): Promise<void> {
  await target.evaluate(`document.documentElement.dataset.theme = ${JSON.stringify(theme)}`);
}

/**
 * The elements matching `selector` that are visible and smaller than 24×24 CSS px (WCAG 2.2's
 * 2.5.8 minimum, without its spacing exception): "tag.class W×H" for each; [] when none.
 */
export function smallTargets(target: Page | Frame, selector: string): Promise<string[]> {
  return target.evaluate<string[]>(`[...document.querySelectorAll(${JSON.stringify(selector)})]
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
    .map(([el, r]) => el.tagName.toLowerCase() + "." + [...el.classList].join(".") + " " +
      Math.round(r.width) + "×" + Math.round(r.height))`);
}
