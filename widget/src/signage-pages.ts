// Cuts the hallway screen into pages that fit it, by measuring: the page area is filled with
// items from a cursor until one no longer fits (below the area, or in a column past its right
// edge); that one starts the next page. Then the day's schedule, a block of rooms per page, but
// only when at least its header and one room fit. Runs again when the content or the screen
// changes; nothing is ever shown past the screen's edges, and nothing scrolls.
import type { RefObject } from "preact";
import { useEffect, useLayoutEffect, useState } from "preact/hooks";

/** Most items tried on one page (far more than any screen holds). */
export const MEASURE_CAP = 160;

export type Range = readonly [from: number, to: number];

export interface SignPage {
  kind: "flow" | "schedule";
  range: Range;
}

export interface Layout {
  /** What was measured: when it changes, measuring starts over. */
  key: string;
  phase: "flow" | "schedule" | "done";
  cursor: number;
  pages: SignPage[];
}

const start = (key: string): Layout => ({ key, phase: "flow", cursor: 0, pages: [] });

/** Index of the first element that does not fit inside `box`, or the count when all fit. */
function firstOverflowing(elements: readonly Element[], box: DOMRect): number {
  const slack = 0.5;
  const index = elements.findIndex((el) => {
    const r = el.getBoundingClientRect();
    return (
      r.bottom > box.bottom + slack || r.right > box.right + slack || r.left < box.left - slack
    );
  });
  return index < 0 ? elements.length : index;
}

export function useSignPages(
  key: string,
  counts: { items: number; rooms: number },
  area: RefObject<HTMLElement | null>,
): Layout {
  const [layout, setLayout] = useState<Layout>(() => start(key));
  const current = layout.key === key ? layout : start(key);

  useLayoutEffect(() => {
    if (current !== layout) {
      setLayout(current);
      return;
    }
    if (layout.phase === "done") return;
    const element = area.current;
    if (element === null) return;
    const box = element.getBoundingClientRect();
    if (layout.phase === "flow") {
      const items = [...element.querySelectorAll("[data-item]")];
      const fit = Math.max(1, firstOverflowing(items, box));
      const to = Math.min(counts.items, layout.cursor + fit);
      const pages = [
        ...layout.pages,
        { kind: "flow" as const, range: [layout.cursor, to] as const },
      ];
      setLayout(
        to >= counts.items
          ? { key, phase: counts.rooms > 0 ? "schedule" : "done", cursor: 0, pages }
          : { key, phase: "flow", cursor: to, pages },
      );
      return;
    }
    const table = element.querySelector("table");
    const head = element.querySelector("thead");
    const rows = [...element.querySelectorAll("tbody tr")];
    const tableBox = table?.getBoundingClientRect();
    const headFits =
      tableBox !== undefined &&
      tableBox.right <= box.right + 0.5 &&
      head !== null &&
      firstOverflowing([head], box) === 1;
    const fit = headFits ? firstOverflowing(rows, box) : 0;
    if (fit === 0) {
      // Not even one room fits: the schedule is left out (the first page may already be shown).
      setLayout({ ...layout, phase: "done" });
      return;
    }
    const to = Math.min(counts.rooms, layout.cursor + fit);
    const pages = [
      ...layout.pages,
      { kind: "schedule" as const, range: [layout.cursor, to] as const },
    ];
    setLayout({ key, phase: to >= counts.rooms ? "done" : "schedule", cursor: to, pages });
  });

  return current;
}

/** The viewport's size, kept up to date. */
export function useViewport(): { width: number; height: number } {
  const read = () => ({ width: window.innerWidth, height: window.innerHeight });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const update = () => {
      setSize(read());
    };
    window.addEventListener("resize", update);
    return () => {
      window.removeEventListener("resize", update);
    };
  }, []);
  return size;
}

/** The page on screen: moves on every `seconds`, and with the arrow keys (or space). */
export function useRotation(pages: number, seconds: number, ready: boolean): number {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (!ready || pages < 2) return;
    const id = window.setInterval(() => {
      setIndex((i) => (i + 1) % pages);
    }, seconds * 1000);
    const onKey = (event: KeyboardEvent) => {
      const step = { ArrowRight: 1, " ": 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      setIndex((i) => (i + step + pages) % pages);
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.clearInterval(id);
      window.removeEventListener("keydown", onKey);
    };
  }, [pages, seconds, ready]);
  return pages === 0 ? 0 : index % pages;
}
