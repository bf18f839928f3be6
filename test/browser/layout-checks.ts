// Layout checks run in the page: every element's box against the viewport, and the document's
// scroll sizes. (Evaluated as strings: the page's CSP forbids what waitForFunction would do.)
import type { Page } from "playwright-core";

export interface LayoutReport {
  viewport: { width: number; height: number };
  scroll: { width: number; height: number };
  /** Elements whose box reaches past the viewport: a short description of each. */
  outside: string[];
}

/**
 * Measures the page. With `horizontalOnly`, only the right and left edges count (a page may be
 * taller than the screen and scroll down); elements inside a horizontally scrolling box (the
 * schedule table on the page) are measured against that box instead.
 */
export function measureLayout(page: Page, horizontalOnly: boolean): Promise<LayoutReport> {
  return page.evaluate<LayoutReport>(`(() => {
    const horizontalOnly = ${JSON.stringify(horizontalOnly)};
    const vw = window.innerWidth, vh = window.innerHeight, slack = 0.5;
    const outside = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (el.closest(".visually-hidden")) continue;
      const scroller = el.parentElement?.closest(".table-scroll");
      const box = scroller ? scroller.getBoundingClientRect() : { left: 0, right: vw, top: 0, bottom: vh };
      const past = r.left < box.left - slack || r.right > box.right + slack ||
        (!horizontalOnly && !scroller && (r.top < -slack || r.bottom > vh + slack));
      if (past && !scroller) {
        outside.push(el.tagName.toLowerCase() + "." + [...el.classList].join(".") +
          " [" + Math.round(r.left) + "," + Math.round(r.top) + " " + Math.round(r.right) + "," + Math.round(r.bottom) + "]");
      }
    }
    const root = document.documentElement;
    return {
      viewport: { width: vw, height: vh },
      scroll: { width: root.scrollWidth, height: root.scrollHeight },
      outside: outside.slice(0, 10),
    };
  })()`);
}
