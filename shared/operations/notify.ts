// Finds who hears of a now/next announcement: the subscribers whose pattern matches it, and the
// followers of its track; each person once, even when they both subscribe and follow, and never
// the person who made the change (from chat or from the widget: the actor's Matrix user id).
import { patternMatches } from "../domain/patterns.js";
import type { Queryable } from "../store/events.js";
import type { Audience } from "../store/announcement.js";
import { eventAudience } from "../store/follows.js";
import type { Notification } from "./context.js";

/** Subscribers whose pattern matches `subject` and followers of the track, each once, but not the actor. */
function audience(
  people: Audience,
  subject: string,
  text: string,
  actorId: string,
): Notification[] {
  const told = new Map<string, Notification>();
  for (const s of people.subscriptions) {
    if (s.person_key === actorId) continue; // they made the change: they know
    if (!told.has(s.person_key) && patternMatches(s.pattern, subject)) {
      told.set(s.person_key, { personKey: s.person_key, nick: s.nick, text });
    }
  }
  for (const f of people.followers) {
    if (f.person_key !== actorId && !told.has(f.person_key)) {
      told.set(f.person_key, { personKey: f.person_key, nick: f.nick, text });
    }
  }
  return [...told.values()];
}

/**
 * Who hears that a track booked or freed a slot: subscribers whose pattern matches the command
 * (`#nova book Ballroom A-MonA1`) and the track's followers, told in the chat reply's words.
 */
export async function bookingNotificationsFor(
  db: Queryable,
  eventId: number,
  booking: { track: string; trackId: number; room: string; slot: string; text: string },
  verb: "book" | "unbook",
  actorId: string,
): Promise<Notification[]> {
  const subject = `#${booking.track} ${verb} ${booking.room}-${booking.slot}`;
  const people = await eventAudience(db, eventId, booking.trackId);
  return audience(people, subject, booking.text, actorId);
}

/** Who hears a now/next announcement, from the people its statement read (store/announcement.ts). */
export function notificationsFor(
  people: Audience,
  announcement: {
    track: string;
    adverb: "now" | "next";
    sentence: string;
    location: string | null;
  },
  actorId: string,
): Notification[] {
  const subject = `#${announcement.track} ${announcement.adverb} ${announcement.sentence}`;
  const where = announcement.location ? ` (${announcement.location})` : "";
  const text = `${announcement.adverb} in #${announcement.track}${where}: ${announcement.sentence}`;
  return audience(people, subject, text, actorId);
}
