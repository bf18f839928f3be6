// Validators for what chat and imported files may store. Nothing that fails here is stored,
// so the widget never has to trust a string. Browser-safe (no Node imports).
import { NAMED_COLORS } from "./css-colors.js";

export const MAX_TEXT_LENGTH = 500;
export const MAX_URL_LENGTH = 2000;
export const MAX_TRACK_NAME_LENGTH = 64;
/** How many topics a track may have coming next (commands and imports alike). */
export const MAX_NEXT_TOPICS = 500;
/** How many banners an event may have (commands and imports alike). */
export const MAX_BANNERS = 50;

/** True for an absolute http(s) URL without whitespace or quotes. */
export function isHttpUrl(value: string): boolean {
  if (value.length > MAX_URL_LENGTH || /[\s"'<>`\\]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

const NUMBER = String.raw`\d{1,3}(?:\.\d+)?%?`;
const HUE = String.raw`\d{1,3}(?:\.\d+)?(?:deg)?`;
const ALPHA = String.raw`(?:\s*[,/]\s*(?:0|1|0?\.\d+|\d{1,3}%))?`;
const FUNCTIONAL = new RegExp(
  String.raw`^(?:rgba?\(\s*${NUMBER}\s*[,\s]\s*${NUMBER}\s*[,\s]\s*${NUMBER}${ALPHA}\s*\)` +
    String.raw`|hsla?\(\s*${HUE}\s*[,\s]\s*${NUMBER}\s*[,\s]\s*${NUMBER}${ALPHA}\s*\))$`,
  "i",
);

/** True for a CSS colour we accept: a named colour, #rgb, #rrggbb, rgb()/rgba(), hsl()/hsla(). */
export function isCssColor(value: string): boolean {
  if (value.length > 64) return false;
  const v = value.trim().toLowerCase();
  return NAMED_COLORS.has(v) || /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/.test(v) || FUNCTIONAL.test(v);
}

/** Words that `#WORD` reads as a user command or help, so a track by that name could not be addressed. */
export const RESERVED_TRACK_NAMES: readonly string[] = [
  "in",
  "out",
  "seen",
  "subscribe",
  "unsubscribe",
  "help",
];

/** Track names: what can follow `#` in a chat command. Lower-case letters, digits, `-_.`. */
export function isTrackName(value: string): boolean {
  return (
    value.length > 0 &&
    value.length <= MAX_TRACK_NAME_LENGTH &&
    /^[a-z0-9][a-z0-9_.-]*$/.test(value) &&
    !RESERVED_TRACK_NAMES.includes(value)
  );
}
