// The message catalogs are complete: every catalog under widget/src/i18n/catalogs/ has every key
// of the English one, each of the same kind (a text, or a function of as many values), with the
// same chat-command slots ({code}, {code2}); and none has a key English lacks. The same for the
// words only a signed-in user sees (widget/src/i18n/signed-in/). The language is
// picked from `lang=`, the Matrix client's language, the browser's, else English.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Catalog } from "../../widget/src/i18n/catalogs/en.js";
import { pickLanguage, primaryLanguage } from "../../widget/src/i18n/language.js";
import { LANGUAGES } from "../../widget/src/i18n/messages.js";

const DIR = fileURLToPath(new URL("../../widget/src/i18n/catalogs/", import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".ts"));

async function load(file: string): Promise<Record<string, unknown>> {
  const module = (await import(`../../widget/src/i18n/catalogs/${file}`)) as {
    default: Catalog;
  };
  return module.default;
}

/** "text", or "function/2" for a function of two values; with the {code} slots of a text. */
function shape(value: unknown): string {
  if (typeof value === "function") return `function/${value.length}`;
  if (typeof value !== "string") return typeof value;
  return ["text", ...(value.match(/\{code2?\}/g) ?? [])].join(" ");
}

/** The differences between a catalog and English: missing keys, extra keys, other shapes. */
function catalogProblems(
  english: Record<string, unknown>,
  other: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(english)) {
    if (!(key in other)) problems.push(`missing ${key}`);
    else if (shape(other[key]) !== shape(value)) {
      problems.push(`${key}: ${shape(other[key])} instead of ${shape(value)}`);
    }
  }
  for (const key of Object.keys(other)) if (!(key in english)) problems.push(`extra ${key}`);
  return problems;
}

describe("message catalogs", () => {
  it("ship English and German, and the page knows every catalog file", () => {
    expect(FILES.sort()).toEqual(["de.ts", "en.ts"]);
    expect(LANGUAGES).toEqual(["de", "en"]);
  });

  it.each(FILES)("%s has every key of English, of the same shape, and no other", async (file) => {
    const english = await load("en.ts");
    const other = await load(file);
    expect(catalogProblems(english, other)).toEqual([]);
    for (const [key, value] of Object.entries(other)) {
      if (typeof value === "string") expect(value.trim(), key).not.toBe("");
    }
  });

  it("the words only a signed-in user sees: every language has them all, and no public one", async () => {
    const dir = fileURLToPath(new URL("../../widget/src/i18n/signed-in/", import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(files.sort()).toEqual(FILES.sort());
    const loadSignedIn = async (file: string): Promise<Record<string, unknown>> =>
      ((await import(`../../widget/src/i18n/signed-in/${file}`)) as { default: object })
        .default as Record<string, unknown>;
    const english = await loadSignedIn("en.ts");
    for (const file of files) {
      const other = await loadSignedIn(file);
      expect(catalogProblems(english, other), file).toEqual([]);
      const shared = Object.keys(await load(file)).filter((key) => key in other);
      expect(shared, file).toEqual([]);
    }
  });

  it("tells a catalog that misses a key or changes one's shape", async () => {
    const english = await load("en.ts");
    const broken: Record<string, unknown> = { ...(await load("de.ts")), extraKey: "x" };
    delete broken.comingNext;
    broken.andMore = "und mehr";
    broken.nowEmpty = "Noch nichts angekündigt.";
    expect(catalogProblems(english, broken)).toEqual([
      "missing comingNext",
      "nowEmpty: text instead of text {code}",
      "andMore: text instead of function/1",
      "extra extraKey",
    ]);
  });

  it("has German words where English has its own", async () => {
    const german = (await load("de.ts")) as unknown as Catalog;
    expect(german.now).toBe("Jetzt");
    expect(german.andMore(2)).toBe("und 2 weitere");
  });
});

describe("picking the language", () => {
  const available = ["de", "en"];

  it("takes the first wanted language that has a catalog", () => {
    expect(pickLanguage(["fr-FR", "de-AT", "en"], available)).toEqual({
      language: "de",
      locale: "de-AT",
    });
    expect(pickLanguage(["de_CH"], available)).toEqual({ language: "de", locale: "de-CH" });
    expect(pickLanguage(["EN-gb"], available)).toEqual({ language: "en", locale: "en-GB" });
  });

  it("falls back to English", () => {
    expect(pickLanguage([], available)).toEqual({ language: "en", locale: "en-GB" });
    expect(pickLanguage(["fr", "", null, undefined, "!!"], available)).toEqual({
      language: "en",
      locale: "en-GB",
    });
  });

  it("keeps a language whose tag Intl refuses, without its region", () => {
    expect(pickLanguage(["de-!!"], available)).toEqual({ language: "de", locale: "de" });
    expect(primaryLanguage(" De-at ")).toBe("de");
  });
});
