// Validators for everything that comes from chat and ends up in an attribute: links and colours.
// Pure functions, no DOM: unit-tested in node (test/browser/widget-units.test.ts).
import { NAMED_COLORS } from "../../shared/domain/css-colors.js";

/** An sRGB colour, each channel 0..255. */
export type Rgb = readonly [number, number, number];

/** The absolute http(s) URL in `value`, normalised; null for anything else (javascript:, data:, relative…). */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/;
const FUNCTION = /^(rgba?|hsla?)\(([0-9.%\s,/a-z+-]*)\)$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function hexToRgb(hex: string): Rgb {
  const full = hex.length === 3 ? hex.replace(/./g, "$&$&") : hex;
  const n = Number.parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** A number with an optional unit; null when the text is not exactly that. */
function parseNumber(
  token: string,
  units: readonly string[],
): { value: number; unit: string } | null {
  const unit = units.find((u) => u !== "" && token.endsWith(u)) ?? "";
  const digits = token.slice(0, token.length - unit.length);
  if (!NUMBER.test(digits)) return null;
  if (unit === "" && !units.includes("")) return null;
  return { value: Number(digits), unit };
}

/** Splits "1, 2, 3" / "1 2 3" / "1 2 3 / 0.5" / "1,2,3,0.5" into channel tokens and an optional alpha. */
function splitArgs(args: string): { channels: string[]; alpha: string | null } | null {
  const text = args.trim();
  if (text.includes(",")) {
    const parts = text.split(",").map((p) => p.trim());
    if (parts.length !== 3 && parts.length !== 4) return null;
    if (parts.some((p) => p === "" || /\s|\//.test(p))) return null;
    return { channels: parts.slice(0, 3), alpha: parts[3] ?? null };
  }
  const [main = "", alpha, ...rest] = text.split("/").map((p) => p.trim());
  if (rest.length > 0 || alpha === "") return null;
  const channels = main.split(/\s+/);
  if (channels.length !== 3) return null;
  return { channels, alpha: alpha ?? null };
}

function validAlpha(alpha: string | null): boolean {
  if (alpha === null) return true;
  const a = parseNumber(alpha, ["", "%"]);
  return a !== null && a.value >= 0 && a.value <= (a.unit === "%" ? 100 : 1);
}

function parseRgbArgs(channels: string[]): Rgb | null {
  const values: number[] = [];
  for (const token of channels) {
    const n = parseNumber(token, ["", "%"]);
    if (n === null) return null;
    const max = n.unit === "%" ? 100 : 255;
    if (n.value < 0 || n.value > max) return null;
    values.push(Math.round((n.value / max) * 255));
  }
  const [r = 0, g = 0, b = 0] = values;
  return [r, g, b];
}

function hslToRgb(h: number, s: number, l: number): Rgb {
  // CSS Color 4, "Converting HSL colors to sRGB colors".
  const hue = ((h % 360) + 360) % 360;
  const sat = s / 100;
  const light = l / 100;
  const f = (n: number): number => {
    const k = (n + hue / 30) % 12;
    const a = sat * Math.min(light, 1 - light);
    return Math.round((light - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))) * 255);
  };
  return [f(0), f(8), f(4)];
}

function parseHslArgs(channels: string[]): Rgb | null {
  const [hText = "", sText = "", lText = ""] = channels;
  const h = parseNumber(hText, ["", "deg"]);
  const s = parseNumber(sText, ["%", ""]);
  const l = parseNumber(lText, ["%", ""]);
  if (h === null || s === null || l === null) return null;
  if (s.value < 0 || s.value > 100 || l.value < 0 || l.value > 100) return null;
  return hslToRgb(h.value, s.value, l.value);
}

/**
 * Parses a colour in one of the forms the bot accepts: a CSS colour name, #rgb, #rrggbb, or
 * rgb()/rgba()/hsl()/hsla() with numeric arguments. Anything else (including any attempt to
 * smuggle more CSS in) is null. The alpha channel, when given, is checked and then ignored.
 */
export function parseColor(value: string | null | undefined): Rgb | null {
  if (!value) return null;
  const text = value.trim().toLowerCase();
  if (text.length > 64) return null;
  const named = NAMED_COLORS.get(text);
  if (named !== undefined) return hexToRgb(named);
  const hex = HEX.exec(text);
  if (hex?.[1] !== undefined) return hexToRgb(hex[1]);
  const fn = FUNCTION.exec(text);
  if (fn?.[1] === undefined || fn[2] === undefined) return null;
  const args = splitArgs(fn[2]);
  if (args === null || !validAlpha(args.alpha)) return null;
  return fn[1].startsWith("rgb") ? parseRgbArgs(args.channels) : parseHslArgs(args.channels);
}

/** "#rrggbb" for an sRGB colour. */
export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** A stable, pleasant colour for a track that has none (or an invalid one): a hue from a hash of its name. */
export function derivedColor(name: string): Rgb {
  // FNV-1a, 32 bits.
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const hue = hash % 360;
  const lightness = 36 + ((hash >>> 9) % 4) * 4;
  return hslToRgb(hue, 58, lightness);
}

/** WCAG 2 relative luminance of an sRGB colour (0 = black, 1 = white). */
export function relativeLuminance(rgb: Rgb): number {
  const [r = 0, g = 0, b = 0] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio between two colours (1..21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

/** Black or white, whichever contrasts more with the background. */
export function textColorOn(background: Rgb): "#000000" | "#ffffff" {
  return contrastRatio(background, BLACK) >= contrastRatio(background, WHITE)
    ? "#000000"
    : "#ffffff";
}

export interface BadgeColors {
  background: string;
  foreground: "#000000" | "#ffffff";
}

/** The colours of a track's badge: its own colour when valid, else one derived from its name. */
export function badgeColors(trackName: string, color: string | null | undefined): BadgeColors {
  const rgb = parseColor(color) ?? derivedColor(trackName);
  return { background: toHex(rgb), foreground: textColorOn(rgb) };
}
