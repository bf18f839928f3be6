// Finds the subscribers whose pattern matches a now/next announcement.
import { patternMatches } from "../domain/patterns.js";
import type { Queryable } from "../store/events.js";
import { eventSubscriptions } from "../store/people.js";
import type { Notification } from "./context.js";

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
  const subscriptions = await eventSubscriptions(db, eventId);
  return subscriptions
    .filter((s) => patternMatches(s.pattern, subject))
    .map((s) => ({ personKey: s.person_key, nick: s.nick, text }));
}
