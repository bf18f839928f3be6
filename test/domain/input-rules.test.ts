// The one set of input rules: limits, allowed characters, cleaning, excerpts, the command log.
// Tables for the known cases, and a seeded generator of hostile strings for the properties.
import { describe, expect, it } from "vitest";
import {
  COUNT_LIMITS,
  FIELDS,
  LENGTH_LIMITS,
  badCharacter,
  checkField,
  cleanLine,
  countProblem,
  excerpt,
  fieldProblem,
  forCommandLog,
  lineProblem,
  listExcerpt,
  readField,
  storableJson,
  storableName,
  storableText,
  type Field,
} from "../../shared/domain/input-rules.js";
import { PTGBOT_LIMITS } from "../../shared/ptgbot/format.js";

const LONE_HIGH = "\uD800";
const LONE_LOW = "\uDC00";
const PAIR = "\u{1F600}"; // 😀, two UTF-16 units

/** A deterministic generator (mulberry32), so that a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces hostile input is made of. */
const PIECES = [
  "a",
  "Z",
  "7",
  " ",
  "-",
  "#",
  "\0",
  "\u0001",
  "\t",
  "\n",
  "\r\n",
  "\u007f",
  "\u0085",
  "\u009b",
  "\u2028",
  "\u202e",
  "\ufeff",
  LONE_HIGH,
  LONE_LOW,
  PAIR,
  "é",
  "e\u0301",
  "日本",
  "http://",
  "x".repeat(600),
];

function hostileString(next: () => number): string {
  const parts = Math.floor(next() * 12);
  let s = "";
  for (let i = 0; i < parts; i++) s += PIECES[Math.floor(next() * PIECES.length)] ?? "";
  return s;
}

const isWellFormed = (s: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe("badCharacter", () => {
  it.each([
    ["\0", "must not contain a NUL character"],
    ["a\u0001b", "must not contain control characters (U+0001)"],
    ["tab\there", "must not contain control characters (U+0009)"],
    ["line\nbreak", "must not contain control characters (U+000A)"],
    ["del\u007f", "must not contain control characters (U+007F)"],
    ["c1\u0085", "must not contain control characters (U+0085)"],
    ["c1\u009f", "must not contain control characters (U+009F)"],
    [`x${LONE_HIGH}`, "must not contain broken Unicode (a lone surrogate)"],
    [`${LONE_LOW}x`, "must not contain broken Unicode (a lone surrogate)"],
    [`${LONE_HIGH}${LONE_HIGH}${LONE_LOW}`, "must not contain broken Unicode (a lone surrogate)"],
  ])("refuses %j", (value, reason) => {
    expect(badCharacter(value)).toBe(reason);
  });

  it.each(["", "plain", "é and e\u0301", PAIR, "日本語", "right\u202eto\u202cleft", "\u00a0nbsp"])(
    "accepts %j",
    (value) => {
      expect(badCharacter(value)).toBeNull();
    },
  );
});

describe("cleanLine", () => {
  it("turns line breaks (CR LF as one) and tabs into spaces and trims", () => {
    expect(cleanLine("  in the\tpub\r\nnow\u2028and\u2029then\u0085 ")).toBe(
      "in the pub now and then",
    );
  });

  it("leaves other controls, NUL and lone surrogates for the check to refuse", () => {
    expect(cleanLine("a\0b\u0001c")).toBe("a\0b\u0001c");
    expect(cleanLine(`a${LONE_HIGH}`)).toBe(`a${LONE_HIGH}`);
  });
});

describe("checkField and readField", () => {
  it.each<[Field, string, string]>([
    ["location", "in the\u0001pub", "The location must not contain control characters (U+0001)"],
    ["topic", "a\0b", "The topic must not contain a NUL character"],
    ["banner", `x${LONE_LOW}`, "The banner must not contain broken Unicode (a lone surrogate)"],
    ["topic", "x".repeat(501), "The topic is too long (at most 500 characters)"],
    ["eventName", "x".repeat(101), "The event name is too long (at most 100 characters)"],
    ["nick", "", "The nick is empty"],
    ["roomName", " Hall", "The room name must not start or end with spaces"],
    ["slotCode", "Mon-A1", 'The slot code must not contain spaces or "-"'],
    [
      "trackName",
      "in",
      'The track name may only hold letters, digits, "-", "_" and "." (and not be a command word)',
    ],
    ["trackName", "a".repeat(65), "The track name is too long (at most 64 characters)"],
    ["url", "javascript:alert(1)", "The URL must be an http:// or https:// URL"],
    ["color", "url(x)", "The colour must be a CSS colour (a name, #rrggbb, rgb() or hsl())"],
    ["eventSlug", "has space", 'The event id may only hold letters, digits, "-", "_" and "."'],
    ["capabilityIcon", "a b", 'The icon name may only hold letters, digits, "-" and "_"'],
    ["subscriptionPattern", "x".repeat(201), "The pattern is too long (at most 200 characters)"],
  ])("%s refuses %j", (field, value, reason) => {
    expect(checkField(field, value)).toEqual({ ok: false, reason });
  });

  it.each<[Field, string]>([
    ["topic", "Cells v2 — 日本 😀"],
    ["topic", "x".repeat(500)],
    ["location", "Room 101, Bennett Peak"],
    ["slotLabel", ""],
    ["slotCode", "MonA1"],
    ["trackName", "swift"],
    ["url", "https://etherpad.opendev.org/p/x"],
    ["color", "#ff8800"],
    ["eventSlug", "DEN-ptg"],
    ["capabilityIcon", "video-camera"],
    ["subscriptionPattern", "swift|nova"],
  ])("%s accepts %j", (field, value) => {
    expect(checkField(field, value)).toEqual({ ok: true, value });
  });

  it("readField cleans first: line breaks become spaces, ends are trimmed", () => {
    expect(readField("location", "  in the\npub  ")).toEqual({ ok: true, value: "in the pub" });
    expect(readField("location", "in the\u0001pub")).toEqual({
      ok: false,
      reason: "The location must not contain control characters (U+0001)",
    });
  });

  it("checkField never rewrites: what an importer gets is refused, not changed", () => {
    expect(checkField("location", "in the\npub")).toEqual({
      ok: false,
      reason: "The location must not contain control characters (U+000A)",
    });
  });

  it("every field has a rule with a label and a length", () => {
    for (const [field, rule] of Object.entries(FIELDS)) {
      expect(rule.label, field).toMatch(/^The /);
      expect(rule.maxLength, field).toBeGreaterThan(0);
    }
  });

  it("property: what readField accepts passes checkField again and can be stored", () => {
    const next = random(0x5eed);
    const fields = Object.keys(FIELDS) as Field[];
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const raw = hostileString(next);
      const field = fields[i % fields.length] ?? "topic";
      const result = readField(field, raw);
      if (result.ok) {
        accepted++;
        expect(checkField(field, result.value)).toEqual(result);
        expect(badCharacter(result.value)).toBeNull();
        expect(isWellFormed(result.value)).toBe(true);
        expect(result.value).not.toContain("\0");
        expect(result.value.length).toBeLessThanOrEqual(FIELDS[field].maxLength);
      } else {
        // A short, one-line reason that does not echo the input.
        expect(result.reason.length).toBeLessThan(120);
        expect(cleanLine(result.reason)).toBe(result.reason);
        expect(isWellFormed(result.reason)).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(100); // the generator does produce acceptable text
  });
});

describe("limits", () => {
  it("are the importer's limits, from one table", () => {
    expect(PTGBOT_LIMITS).toEqual({ nameLength: LENGTH_LIMITS.name, ...COUNT_LIMITS });
  });

  it("countProblem says how many, and the limit", () => {
    expect(countProblem("tracks", 500)).toBeNull();
    expect(countProblem("tracks", 54_500)).toBe("That would make 54500 tracks (at most 500)");
    expect(countProblem("nextPerTrack", 501)).toBe(
      "That would make 501 topics coming next per track (at most 500)",
    );
  });

  it("lineProblem refuses a line over 4096 characters", () => {
    expect(lineProblem("x".repeat(4096))).toBeNull();
    expect(lineProblem(`#${"x".repeat(65_536)} now x`)).toBe(
      "That message is too long (at most 4096 characters)",
    );
  });
});

describe("excerpt", () => {
  it("keeps short input as it is", () => {
    expect(excerpt("swift")).toBe("swift");
    expect(excerpt("x".repeat(64))).toBe("x".repeat(64));
  });

  it("cuts long input at 64 code points with an ellipsis", () => {
    expect(excerpt("x".repeat(65_536))).toBe(`${"x".repeat(64)}…`);
    expect(excerpt(PAIR.repeat(100))).toBe(`${PAIR.repeat(64)}…`);
    expect(excerpt("abcdef", 3)).toBe("abc…");
  });

  it("is one printable line", () => {
    expect(excerpt("a\nb\tc")).toBe("a b c");
    expect(excerpt(`a\0b\u0001c${LONE_HIGH}d\u009b`)).toBe("a\uFFFDb\uFFFDc\uFFFDd\uFFFD");
  });

  it("property: at most 65 code points, one line, well formed, no controls", () => {
    const next = random(42);
    for (let i = 0; i < 5000; i++) {
      const shown = excerpt(hostileString(next));
      expect(Array.from(shown).length).toBeLessThanOrEqual(LENGTH_LIMITS.excerpt + 1);
      expect(badCharacter(shown)).toBeNull();
      expect(isWellFormed(shown)).toBe(true);
    }
  });
});

describe("forCommandLog", () => {
  it("replaces what no database can store, and caps the length", () => {
    expect(forCommandLog(`a\0b${LONE_HIGH}c${LONE_LOW}`)).toBe("a\uFFFDb\uFFFDc\uFFFD");
    expect(forCommandLog(`ok ${PAIR}`)).toBe(`ok ${PAIR}`);
    expect(forCommandLog("x".repeat(70_000))).toHaveLength(LENGTH_LIMITS.line);
  });

  it("never cuts a surrogate pair in half", () => {
    const raw = `${"x".repeat(LENGTH_LIMITS.line - 1)}${PAIR}`;
    const kept = forCommandLog(raw);
    expect(kept).toBe("x".repeat(LENGTH_LIMITS.line - 1));
    expect(isWellFormed(kept)).toBe(true);
  });

  it("property: always well formed and without NUL", () => {
    const next = random(7);
    for (let i = 0; i < 5000; i++) {
      const kept = forCommandLog(hostileString(next));
      expect(isWellFormed(kept)).toBe(true);
      expect(kept).not.toContain("\0");
    }
  });
});

describe("fieldProblem", () => {
  it("is checkField's reason without the field's label (importers name the path)", () => {
    expect(fieldProblem("topic", "x".repeat(501))).toBe("is too long (at most 500 characters)");
    expect(fieldProblem("slotCode", "Mon A1")).toBe('must not contain spaces or "-"');
    expect(fieldProblem("topic", "fine")).toBeNull();
    expect(fieldProblem("slotLabel", "")).toBeNull();
  });
});

describe("listExcerpt", () => {
  it("shows the names that fit, then how many more", () => {
    expect(listExcerpt(["a", "b"])).toBe("a b");
    const names = Array.from({ length: 100 }, (_, i) => `name-${i}`);
    const shown = listExcerpt(names);
    expect(shown).toMatch(/^name-0 name-1 .* … and \d+ more$/);
    expect(shown.length).toBeLessThanOrEqual(4 * LENGTH_LIMITS.excerpt + 20);
    expect(listExcerpt(["y".repeat(500)])).toBe(`${"y".repeat(64)}…`);
  });
});

describe("storableName", () => {
  it("makes a display name storable: one line, no controls, at most a name's length", () => {
    expect(storableName("Zoë 🦄", "x")).toBe("Zoë 🦄");
    expect(storableName(" a\u0000b\tc\uD800 ", "x")).toBe("a\uFFFDb c\uFFFD");
    expect(storableName(`${"z".repeat(99)}${PAIR}`, "x")).toBe("z".repeat(99));
    expect(storableName(" \n ", "fallback")).toBe("fallback");
  });

  it("property: what it returns passes checkField('nick')", () => {
    const next = random(11);
    for (let i = 0; i < 5000; i++) {
      expect(checkField("nick", storableName(hostileString(next), "someone")).ok).toBe(true);
    }
  });
});

describe("storableText and storableJson", () => {
  it("replace NUL and lone surrogates, in every string of a value", () => {
    expect(storableText(`a\0${LONE_LOW}${PAIR}`)).toBe(`a\uFFFD\uFFFD${PAIR}`);
    expect(storableJson({ kind: "console", nick: `x\0${LONE_HIGH}`, n: 1 })).toEqual({
      kind: "console",
      nick: "x\uFFFD\uFFFD",
      n: 1,
    });
  });
});
