// Subscription patterns. They come from anyone, so they run on RE2 (re2js): matching time is
// linear in the input, whatever the pattern.
import { RE2JS } from "re2js";

export const MAX_PATTERN_LENGTH = 200;

/** Compiles a subscription pattern; throws with RE2's message when it is not valid. */
export function compilePattern(pattern: string): RE2JS {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new Error(`pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
}

/** Does `pattern` match somewhere in `text`? Invalid patterns match nothing. */
export function patternMatches(pattern: string, text: string): boolean {
  try {
    return compilePattern(pattern).matcher(text).find();
  } catch {
    return false;
  }
}
