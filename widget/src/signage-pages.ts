// Cuts the hallway screen into pages that fit it, by measuring: the page area is filled with
// items from a cursor until one no longer fits (below the area, or in a column past its right
// edge); that one starts the next page. When everything fits on one page, the screen has room:
// QR codes are tried first (and dropped when they no longer let everything fit), and the type
// then grows as large as still fits: for 1 to 4 balanced columns in turn, a bisection of the
// scale, keeping the columns that allow the largest. Then the day's schedule, a block of rooms per
// page, but only when at least its header and one room fit. Runs again when the content or the
// screen changes; nothing is ever shown past the screen's edges, and nothing scrolls.
import type { RefObject } from "preact";
import { useEffect, useLayoutEffect, useState } from "preact/hooks";

/** Most items tried on one page (far more than any screen holds). */
export const MEASURE_CAP = 160;

/** The largest type scale tried when there is little to show, and when to stop bisecting. */
const MAX_SCALE = 3.2;
const SCALE_STEP = 0.03;
/** Most columns tried when growing. */
const MAX_COLUMNS = 4;

export type Range = readonly [from: number, to: number];

export interface SignPage {
  kind: "flow" | "schedule";
  range: Range;
}

export interface Layout {
  /** What was measured: when it changes, measuring starts over. */
  key: string;
  phase: "flow" | "grow" | "schedule" | "done";
  cursor: number;
  pages: SignPage[];
  /** Whether the flow shows QR codes (only when all of it fits on one page with them). */
  qr: boolean;
  /** The flow's type scale (1 unless everything fits on one page with room to spare). */
  scale: number;
  /** Balanced columns of the grown flow; 0: as many as fit (columns of a set width). */
  columns: number;
  /** Bisection bounds while growing: `low` fits (or is 1), `high` does not. */
  low: number;
  high: number;
  /** The largest scale found so far, and its columns. */
  best: { scale: number; columns: number };
}

const start = (key: string): Layout => ({
  key,
  phase: "flow",
  cursor: 0,
  pages: [],
  qr: true,
  scale: 1,
  columns: 0,
  low: 1,
  high: MAX_SCALE,
  best: { scale: 1, columns: 0 },
});

/** The first trial of growing with `columns` balanced columns. */
const growWith = (layout: Layout, columns: number): Layout => ({
  ...layout,
  phase: "grow",
  columns,
  low: 1,
  high: MAX_SCALE,
  scale: (1 + MAX_SCALE) / 2,
});

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

/** The next step of measuring the flow at the layout's cursor (scale 1). */
function measureFlow(layout: Layout, count: number, element: HTMLElement, box: DOMRect): Layout {
  const items = [...element.querySelectorAll("[data-item]")];
  const fits = firstOverflowing(items, box);
  const to = Math.min(count, layout.cursor + Math.max(1, fits));
  if (layout.qr && to < count) return { ...start(layout.key), qr: false };
  const pages = [...layout.pages, { kind: "flow" as const, range: [layout.cursor, to] as const }];
  if (to < count) return { ...layout, cursor: to, pages };
  if (pages.length === 1 && fits === count) return growWith({ ...layout, pages }, 1);
  return { ...layout, phase: "schedule", cursor: 0, pages };
}

/** The next step of growing the type of a one-page flow: keep the trial scale if all fits. */
function measureGrow(layout: Layout, count: number, element: HTMLElement, box: DOMRect): Layout {
  const items = [...element.querySelectorAll("[data-item], .sign-heading")];
  const fits = firstOverflowing(items, box) === items.length && items.length >= count;
  const low = fits ? layout.scale : layout.low;
  const high = fits ? layout.high : layout.scale;
  if (high - low > SCALE_STEP) return { ...layout, scale: (low + high) / 2, low, high };
  // Done with these columns: `low` is a scale that fit, unless it is still the starting 1.
  const best = low > layout.best.scale ? { scale: low, columns: layout.columns } : layout.best;
  if (layout.columns < MAX_COLUMNS) return growWith({ ...layout, best }, layout.columns + 1);
  return {
    ...layout,
    phase: "schedule",
    cursor: 0,
    best,
    scale: best.scale,
    columns: best.columns,
  };
}

/** The next step of measuring the schedule: a block of rooms from the cursor, or the end. */
function measureSchedule(
  layout: Layout,
  rooms: number,
  element: HTMLElement,
  box: DOMRect,
): Layout {
  if (rooms === 0) return { ...layout, phase: "done" };
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
  // Not even one room fits: the schedule is left out (the first page may already be shown).
  if (fit === 0) return { ...layout, phase: "done" };
  const to = Math.min(rooms, layout.cursor + fit);
  const pages = [
    ...layout.pages,
    { kind: "schedule" as const, range: [layout.cursor, to] as const },
  ];
  return { ...layout, phase: to >= rooms ? "done" : "schedule", cursor: to, pages };
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
    if (layout.phase === "flow") setLayout(measureFlow(layout, counts.items, element, box));
    else if (layout.phase === "grow") setLayout(measureGrow(layout, counts.items, element, box));
    else setLayout(measureSchedule(layout, counts.rooms, element, box));
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
