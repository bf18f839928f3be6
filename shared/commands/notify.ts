// Finds the subscribers whose pattern matches a now/next announcement. Patterns come from
// anyone, so they run on RE2 (re2js): matching time is linear in the input, whatever the pattern.
import { RE2JS } from "re2js";
import type { Queryable } from "../store/events.js";
import type { Notification } from "./types.js";

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

export async function notificationsFor(
  db: Queryable,
  eventId: number,
  announcement: {
    track: string;
    adverb: "now" | "next";
    sentence: string;
    location: string | null;
  },
): Promise<Notification[]> {
  const subject = `#${announcement.track} ${announcement.adverb} ${announcement.sentence}`;
  const where = announcement.location ? ` (${announcement.location})` : "";
  const text = `${announcement.adverb} in #${announcement.track}${where}: ${announcement.sentence}`;
  const subscriptions = await db
    .selectFrom("subscriptions")
    .select(["person_key", "nick", "pattern"])
    .where("event_id", "=", eventId)
    .execute();
  return subscriptions
    .filter((s) => patternMatches(s.pattern, subject))
    .map((s) => ({ personKey: s.person_key, nick: s.nick, text }));
}
