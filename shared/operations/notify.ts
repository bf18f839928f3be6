// Finds who hears of a now/next announcement: the subscribers whose pattern matches it, and the
// followers of its track; each person once, even when they both subscribe and follow.
import { patternMatches } from "../domain/patterns.js";
import type { Queryable } from "../store/events.js";
import { trackFollowers } from "../store/follows.js";
import { eventSubscriptions } from "../store/people.js";
import type { Notification } from "./context.js";

export async function notificationsFor(
  db: Queryable,
  eventId: number,
  announcement: {
    track: string;
    /** The track's id, to find its followers (none when absent). */
    trackId?: number;
    adverb: "now" | "next";
    sentence: string;
    location: string | null;
  },
): Promise<Notification[]> {
  const subject = `#${announcement.track} ${announcement.adverb} ${announcement.sentence}`;
  const where = announcement.location ? ` (${announcement.location})` : "";
  const text = `${announcement.adverb} in #${announcement.track}${where}: ${announcement.sentence}`;
  const subscriptions = await eventSubscriptions(db, eventId);
  const followers =
    announcement.trackId === undefined ? [] : await trackFollowers(db, announcement.trackId);
  const told = new Map<string, Notification>();
  for (const s of subscriptions) {
    if (!told.has(s.person_key) && patternMatches(s.pattern, subject)) {
      told.set(s.person_key, { personKey: s.person_key, nick: s.nick, text });
    }
  }
  for (const f of followers) {
    if (!told.has(f.person_key))
      told.set(f.person_key, { personKey: f.person_key, nick: f.nick, text });
  }
  return [...told.values()];
}
