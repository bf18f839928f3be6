// Which language the page speaks: `?lang=` when it names a language we have, else the Matrix
// client's language (Element fills `$org.matrix.msc2873.client_language` into the widget's URL),
// else the browser's preferred languages (navigator.languages: the list the browser also sends
// as Accept-Language), else English. Pure.

export const DEFAULT_LANGUAGE = "en";
/** How English is formatted when nothing asked for a region: 24-hour, day before month. */
export const DEFAULT_LOCALE = "en-GB";

/** The primary subtag of a BCP 47 tag, lower case: "de" for "de-AT" or "de_AT". */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
}

export interface LanguageChoice {
  /** A catalog's language, e.g. "de". */
  language: string;
  /** The tag Intl formats with: the asked-for one when it is this language ("de-AT"), else the language. */
  locale: string;
}

/** The first of `wanted` (most preferred first) that has a catalog in `available`; else English. */
export function pickLanguage(
  wanted: readonly (string | null | undefined)[],
  available: readonly string[],
): LanguageChoice {
  for (const tag of wanted) {
    if (!tag) continue;
    const language = primaryLanguage(tag);
    if (!available.includes(language)) continue;
    let locale = language;
    try {
      locale = Intl.getCanonicalLocales(tag.trim().replace(/_/g, "-"))[0] ?? language;
    } catch {
      // Not a well-formed tag: its language is enough.
    }
    return { language, locale };
  }
  return { language: DEFAULT_LANGUAGE, locale: DEFAULT_LOCALE };
}
