// What the page was asked to show, read from its URL. Pure.
//
// Served three ways:
//   /widget/?event=SLUG&theme=…&matrix_room_id=…&widgetId=…&parentUrl=…   (Matrix widget)
//   /events/SLUG                                                          (public page)
//   …?view=signage[&rotate=SECONDS]                                       (hallway screen)
//   …&lang=de (overrides) or &language=$org.matrix.msc2873.client_language (Element's)

export type Theme = "light" | "dark";
export type View = "page" | "signage";

export interface Params {
  slug: string;
  view: View;
  /** Null: follow the system (prefers-color-scheme). */
  theme: Theme | null;
  /** Set when a Matrix client embedded the page as a widget. */
  widgetId: string | null;
  matrixRoomId: string | null;
  /** The origin to talk to over postMessage when framed ("*" when unknown). */
  parentOrigin: string;
  /** Signage: seconds each page stays on screen before the next one (`rotate=`). */
  rotateSeconds: number;
  /** The languages asked for by the URL, strongest first: `lang=`, then the Matrix client's. */
  languages: string[];
  /** The page opens filtered to this track (`track=`: the widget pinned in a track room). */
  track: string | null;
}

export const DEFAULT_ROTATE_SECONDS = 12;
const MIN_ROTATE_SECONDS = 1;
const MAX_ROTATE_SECONDS = 3600;

/** Seconds per signage page from `rotate=`: a number within 1..3600, else the default. */
export function parseRotate(value: string | null): number {
  const seconds = value === null ? NaN : Number(value);
  if (!Number.isFinite(seconds)) return DEFAULT_ROTATE_SECONDS;
  return Math.min(MAX_ROTATE_SECONDS, Math.max(MIN_ROTATE_SECONDS, seconds));
}

export const DEFAULT_SLUG = "ptg";

/** "light"/"dark" from a theme name as Element sends it ("dark", "light-high-contrast", "custom-…"). */
export function parseTheme(value: string | null | undefined): Theme | null {
  const name = value?.trim().toLowerCase() ?? "";
  if (name.includes("dark")) return "dark";
  if (name.includes("light")) return "light";
  return null;
}

/** A parameter value, ignoring unfilled Matrix templates such as "$matrix_room_id". */
function param(search: URLSearchParams, name: string): string | null {
  const value = search.get(name)?.trim();
  return value && !value.startsWith("$") ? value : null;
}

function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

function slugFromPath(pathname: string): string | null {
  const match = /^\/events\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

export function parseParams(location: { pathname: string; search: string }, referrer = ""): Params {
  const search = new URLSearchParams(location.search);
  return {
    slug: param(search, "event") ?? slugFromPath(location.pathname) ?? DEFAULT_SLUG,
    view: param(search, "view") === "signage" ? "signage" : "page",
    theme: parseTheme(param(search, "theme") ?? param(search, "org.matrix.msc2873.client_theme")),
    widgetId: param(search, "widgetId"),
    matrixRoomId: param(search, "matrix_room_id"),
    parentOrigin: originOf(param(search, "parentUrl")) ?? originOf(referrer) ?? "*",
    rotateSeconds: parseRotate(param(search, "rotate")),
    languages: [
      param(search, "lang"),
      param(search, "language") ?? param(search, "org.matrix.msc2873.client_language"),
    ].filter((l): l is string => l !== null),
    track: param(search, "track"),
  };
}
