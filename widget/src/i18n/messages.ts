/// <reference types="vite/client" />
// The message catalog in use, and the locale dates and times are formatted in. Each language is
// one file under catalogs/, built as its own chunk and loaded on demand: a page loads only the
// catalog it speaks. Adding a language is adding catalogs/<code>.ts (typed as en's Catalog).
import type { Catalog } from "./catalogs/en.js";
import { DEFAULT_LOCALE, pickLanguage, type LanguageChoice } from "./language.js";

export type { Catalog };

const loaders = import.meta.glob<{ default: Catalog }>("./catalogs/*.ts");

/** The languages that have a catalog ("de", "en", …). */
export const LANGUAGES: readonly string[] = Object.keys(loaders)
  .map((path) => /([^/]+)\.ts$/.exec(path)?.[1] ?? "")
  .filter((code) => code !== "")
  .sort();

const notLoaded = (): never => {
  throw new Error("A message was asked for before the catalog was loaded");
};

/** The messages of the language in use (set once, by loadMessages, before the first render). */
export let t: Catalog = new Proxy({}, { get: notLoaded }) as Catalog;
/** The BCP 47 tag for Intl: "en", "de", "de-AT"… */
export let locale: string = DEFAULT_LOCALE;

/** Picks the language from what was asked for (most preferred first) and loads its catalog. */
export async function loadMessages(
  wanted: readonly (string | null | undefined)[],
): Promise<LanguageChoice> {
  const choice = pickLanguage(wanted, LANGUAGES);
  const load = loaders[`./catalogs/${choice.language}.ts`];
  if (load === undefined) throw new Error(`No catalog for ${choice.language}`);
  t = (await load()).default;
  locale = choice.locale;
  return choice;
}

/** The plural form of `count` in the language in use ("one", "other"…). */
export function pluralOf(count: number): Intl.LDMLPluralRule {
  return new Intl.PluralRules(locale).select(count);
}

/** `count` written with the language's digits and separators. */
export function formatCount(count: number): string {
  return new Intl.NumberFormat(locale).format(count);
}
