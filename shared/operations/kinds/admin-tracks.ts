// Admin kinds on the event's tracks: `~list [PAGE]`, `~add`, `~del`, `~clean TRACK…`, `~newday`.
// Run by handlers/admin-tracks.ts. A long list of tracks is shown a page at a time.
import { excerpt, listExcerpt } from "../../domain/input-rules.js";
import * as handlers from "../handlers/admin-tracks.js";
import type { KindDef } from "../kind.js";

/** `page` counts from 1 (default 1). */
export type ListInput = { kind: "admin.list"; page?: number };
export type TracksInput<K extends "admin.addTracks" | "admin.deleteTracks" | "admin.cleanTracks"> =
  { kind: K; tracks: string[] };
export type NewDayInput = { kind: "admin.newDay" };

/** Every track; `page` is the page of them asked for (from 1). */
export type ListResult = { kind: "admin.list"; tracks: string[]; page: number };
export type TracksResult<K extends "admin.addTracks" | "admin.deleteTracks" | "admin.cleanTracks"> =
  { kind: K; tracks: string[] };
export type NewDayResult = { kind: "admin.newDay" };

/** How many characters of track names one page of `~list` shows. */
export const LIST_PAGE_CHARS = 600;

/** Track names in pages of at most LIST_PAGE_CHARS characters (names joined by spaces). */
export function listPages(names: readonly string[]): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let used = 0;
  for (const name of names) {
    const shown = excerpt(name);
    if (page.length > 0 && used + 1 + shown.length > LIST_PAGE_CHARS) {
      pages.push(page);
      [page, used] = [[], 0];
    }
    used += (page.length > 0 ? 1 : 0) + shown.length;
    page.push(shown);
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

function renderList(tracks: readonly string[], page: number): string {
  const pages = listPages(tracks);
  if (pages.length === 0) return "There are no tracks yet";
  if (pages.length === 1) return `Available tracks: ${(pages[0] ?? []).join(" ")}`;
  const names = pages[page - 1];
  if (names === undefined) {
    return `There are ${pages.length} pages of tracks: ~list 1 to ~list ${pages.length}`;
  }
  const more = page < pages.length ? ` (~list ${page + 1} for more)` : "";
  return `Available tracks, page ${page} of ${pages.length} (${tracks.length} tracks): ${names.join(" ")}${more}`;
}

const trackNames = (names: readonly string[]): string[] => [
  ...new Set(names.map((n) => n.replace(/^#/, "").toLowerCase())),
];

export const list: KindDef<ListInput, ListResult> = {
  kind: "admin.list",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["list"],
    example: "~list 2",
    brief: "~list",
    parse: (args) => {
      const [page] = args.words;
      if (page === undefined) return { kind: "admin.list" };
      return /^\d{1,4}$/.test(page) && Number(page) >= 1 && args.words.length === 1
        ? { kind: "admin.list", page: Number(page) }
        : args.invalid("Usage: ~list [PAGE]");
    },
  },
  help: [{ syntax: "~list [PAGE]", what: "Lists the event's tracks." }],
  run: (ctx, op) => handlers.list(ctx, op),
  render: (result) => renderList(result.tracks, result.page),
  changes: () => undefined,
  widget: null,
};

export const addTracks: KindDef<TracksInput<"admin.addTracks">, TracksResult<"admin.addTracks">> = {
  kind: "admin.addTracks",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["add"],
    example: "~add nova swift",
    brief: "~add",
    parse: (args) => ({ kind: "admin.addTracks", tracks: args.words }),
  },
  help: [{ syntax: "~add TRACK [TRACK…]", what: "Adds tracks." }],
  run: (ctx, op) => handlers.addTracks(ctx, op),
  render: (result) => `Added tracks: ${listExcerpt(result.tracks)}`,
  changes: (op) => ({ tracks: trackNames(op.tracks) }),
  widget: null,
};

export const deleteTracks: KindDef<
  TracksInput<"admin.deleteTracks">,
  TracksResult<"admin.deleteTracks">
> = {
  kind: "admin.deleteTracks",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["del"],
    example: "~del nova",
    brief: "~del",
    parse: (args) => ({ kind: "admin.deleteTracks", tracks: args.words }),
  },
  help: [{ syntax: "~del TRACK [TRACK…]", what: "Removes tracks." }],
  run: (ctx, op) => handlers.deleteTracks(ctx, op),
  render: (result) => `Removed tracks: ${listExcerpt(result.tracks)}`,
  // Their bookings become available.
  changes: (op) => ({ tracks: trackNames(op.tracks), parts: ["rooms"] }),
  widget: null,
};

export const cleanTracks: KindDef<
  TracksInput<"admin.cleanTracks">,
  TracksResult<"admin.cleanTracks">
> = {
  kind: "admin.cleanTracks",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["clean", "clear"],
    example: "~clean nova",
    brief: "~clean",
    parse: (args) => ({ kind: "admin.cleanTracks", tracks: args.words }),
  },
  help: [
    { syntax: "~clean TRACK [TRACK…]", what: "Clears those tracks' current and coming topics." },
  ],
  run: (ctx, op) => handlers.cleanTracks(ctx, op),
  render: (result) => `Cleaned now and next for: ${listExcerpt(result.tracks)}`,
  changes: (op) => ({ tracks: trackNames(op.tracks) }),
  widget: null,
};

export const newDay: KindDef<NewDayInput, NewDayResult> = {
  kind: "admin.newDay",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["newday"],
    example: "~newday",
    brief: "~newday",
    parse: () => ({ kind: "admin.newDay" }),
  },
  help: [
    { syntax: "~newday", what: "Starts a new day: clears every topic, location and check-in." },
  ],
  run: (ctx, op) => handlers.newDay(ctx, op),
  render: () => "Cleared now, next, locations and check-ins: ready for a new day",
  changes: () => undefined,
  widget: null,
};
