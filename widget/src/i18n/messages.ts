/// <reference types="vite/client" />
// The message catalog in use, and the locale dates and times are formatted in. Each language is
// one file under catalogs/, built as its own chunk and loaded on demand: a page loads only the
// catalog it speaks. What only a signed-in user sees is in signed-in/<code>.ts, loaded with the
// sign-in chunk (loadSignedInMessages). Adding a language is adding catalogs/<code>.ts and
// signed-in/<code>.ts (typed as en's).
import type { Catalog } from "./catalogs/en.js";
import type { SignedInCatalog } from "./signed-in/en.js";
import { DEFAULT_LOCALE, pickLanguage, type LanguageChoice } from "./language.js";

export type { Catalog };

const loaders = import.meta.glob<{ default: Catalog }>("./catalogs/*.ts");
const signedInLoaders = import.meta.glob<{ default: SignedInCatalog }>("./signed-in/*.ts");

/** The languages that have a catalog ("de", "en", …). */
export const LANGUAGES: readonly string[] = Object.keys(loaders)
  .map((path) => /([^/]+)\.ts$/.exec(path)?.[1] ?? "")
  .filter((code) => code !== "")
  .sort();

const notLoaded = (): never => {
  throw new Error("A message was asked for before the catalog was loaded");
};

/**
 * The messages of the language in use (set by loadMessages before the first render; the signed-in
 * ones added by loadSignedInMessages before any signed-in part renders).
 */
export let t: Catalog & SignedInCatalog = new Proxy({}, { get: notLoaded }) as Catalog &
  SignedInCatalog;
let loading: Promise<LanguageChoice> | null = null;
/** The BCP 47 tag for Intl: "en", "de", "de-AT"… */
export let locale: string = DEFAULT_LOCALE;

/** Picks the language from what was asked for (most preferred first) and loads its catalog. */
export function loadMessages(
  wanted: readonly (string | null | undefined)[],
): Promise<LanguageChoice> {
  loading = (async () => {
    const choice = pickLanguage(wanted, LANGUAGES);
    const load = loaders[`./catalogs/${choice.language}.ts`];
    if (load === undefined) throw new Error(`No catalog for ${choice.language}`);
    t = { ...t, ...(await load()).default };
    locale = choice.locale;
    return choice;
  })();
  return loading;
}

/** Adds what only a signed-in user sees, in the page's language (after loadMessages). */
export async function loadSignedInMessages(): Promise<void> {
  if (loading === null) throw new Error("The page's messages are not loading");
  const { language } = await loading;
  const load = signedInLoaders[`./signed-in/${language}.ts`];
  if (load === undefined) throw new Error(`No signed-in catalog for ${language}`);
  t = { ...t, ...(await load()).default };
}

/** The plural form of `count` in the language in use ("one", "other"…). */
export function pluralOf(count: number): Intl.LDMLPluralRule {
  return new Intl.PluralRules(locale).select(count);
}

/** `count` written with the language's digits and separators. */
export function formatCount(count: number): string {
  return new Intl.NumberFormat(locale).format(count);
}
