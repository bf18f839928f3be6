// Event slugs: what names an event in URLs, config and `~event`. Browser-safe.

/** The slug rule as a regular expression source (JSON Schema patterns use it as is). */
export const SLUG_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";

const SLUG = new RegExp(SLUG_PATTERN);

/** The rule in words, for refusals. */
export const SLUG_RULE = "letters, digits, '-', '_' and '.'";

export const isSlug = (value: string): boolean => SLUG.test(value);
