// Track badges stay readable whatever colour the data gives them (WCAG 2.2 AA, 1.4.3): the badge
// text (black or white, picked per badge) has at least 4.5:1 against the badge's colour, for
// every colour `#TRACK color` accepts by name, every colour the widget derives for a PTGbot track
// that has none (the fixture's 44 tracks), and 200 random colours written in each CSS syntax.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NAMED_COLORS } from "../../shared/domain/css-colors.js";
import { badgeColors, contrastRatio, parseColor, toHex } from "../../widget/src/safe.js";
import { readDenver } from "../support/denver.js";

const AA_TEXT = 4.5;

/** The contrast of a badge's text against its background, for a track coloured `color`. */
function badgeContrast(track: string, color: string | null): number {
  const { background, foreground } = badgeColors(track, color);
  const bg = parseColor(background);
  const fg = parseColor(foreground);
  if (bg === null || fg === null) throw new Error(`unparsable badge colours for ${color}`);
  return contrastRatio(bg, fg);
}

describe("badge text contrast", () => {
  it("meets 4.5:1 on every named CSS colour", () => {
    const low = [...NAMED_COLORS.keys()].filter((name) => badgeContrast("t", name) < AA_TEXT);
    expect(low).toEqual([]);
    expect(NAMED_COLORS.size).toBeGreaterThan(140);
  });

  it("meets 4.5:1 on the colour derived for each PTGbot track without one", () => {
    const tracks = (readDenver() as { tracks: string[] }).tracks;
    expect(tracks.length).toBe(44);
    for (const track of [...tracks, "neutron", "nova"]) {
      expect(badgeContrast(track, null), track).toBeGreaterThanOrEqual(AA_TEXT);
    }
  });

  it("meets 4.5:1 on 200 random colours, as hex, rgb() and hsl()", () => {
    const channel = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(
        fc.tuple(channel, channel, channel),
        fc.integer({ min: 0, max: 359 }),
        (rgb, hue) => {
          const [r, g, b] = rgb;
          for (const color of [
            toHex(rgb),
            `rgb(${r}, ${g}, ${b})`,
            `hsl(${hue} ${(r / 255) * 100}% ${(g / 255) * 100}%)`,
          ]) {
            expect(parseColor(color), color).not.toBeNull();
            expect(badgeContrast("t", color), color).toBeGreaterThanOrEqual(AA_TEXT);
          }
        },
      ),
      { numRuns: 200, seed: 24 },
    );
  });

  it("falls back to a derived colour, still readable, for an invalid one", () => {
    for (const bad of ["", "url(x)", "#12", "rgb(300 0 0)", "javascript:alert(1)"]) {
      expect(badgeContrast("neutron", bad), bad).toBeGreaterThanOrEqual(AA_TEXT);
    }
  });
});
