// The CSS named colours in the page as built (widget/vite.config.ts puts this file in place of
// css-colors.ts): the browser's CSS engine knows every name, so the 148-name table (about
// 1.2 KB brotli) stays out of the first load. Same contract as the table (a lower-case name →
// "rrggbb"; nothing for anything else); only opaque colours named by letters alone count, so
// transparent, currentcolor and the CSS-wide keywords are nothing, as in the table. The server
// accepts only the table's names (shared/domain/validate.ts);
// test/browser/widget-colors.test.ts checks this against the table, name by name.

const KEYWORDS = new Set(["currentcolor", "inherit", "initial", "unset", "revert"]);
const RGB = /^rgb\((\d+), (\d+), (\d+)\)$/;
const known = new Map<string, string | undefined>();
let probe: HTMLElement | null = null;

/** The colour the browser computes for `name`, as "rrggbb"; undefined when it is none. */
function resolve(name: string): string | undefined {
  if (!/^[a-z]+$/.test(name) || KEYWORDS.has(name) || !CSS.supports("color", name)) {
    return undefined;
  }
  if (probe === null) {
    probe = document.createElement("i");
    probe.hidden = true;
    document.documentElement.append(probe);
  }
  probe.style.color = name;
  const rgb = RGB.exec(getComputedStyle(probe).color);
  if (rgb === null) return undefined; // rgba(): not opaque (transparent)
  return rgb
    .slice(1)
    .map((c) => Number(c).toString(16).padStart(2, "0"))
    .join("");
}

export const NAMED_COLORS = {
  get(name: string): string | undefined {
    if (!known.has(name)) known.set(name, resolve(name));
    return known.get(name);
  },
};
