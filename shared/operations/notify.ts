// Finds who hears of a now/next announcement: the subscribers whose pattern matches it, and the
// followers of its track; each person once, even when they both subscribe and follow, and never
// the person who made the change (from chat or from the widget: the actor's Matrix user id).
import { patternMatches } from "../domain/patterns.js";
import type { Queryable } from "../store/events.js";
import { eventAudience } from "../store/follows.js";
import type { Notification } from "./context.js";

/** Subscribers whose pattern matches `subject` and followers of the track, each once, but not the actor. */
async function audience(
  db: Queryable,
  eventId: number,
  trackId: number | undefined,
  subject: string,
  text: string,
  actorId: string,
): Promise<Notification[]> {
  const { subscriptions, followers } = await eventAudience(db, eventId, trackId);
  const told = new Map<string, Notification>();
  for (const s of subscriptions) {
    if (s.person_key === actorId) continue; // they made the change: they know
    if (!told.has(s.person_key) && patternMatches(s.pattern, subject)) {
      told.set(s.person_key, { personKey: s.person_key, nick: s.nick, text });
    }
  }
  for (const f of followers) {
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
export function bookingNotificationsFor(
  db: Queryable,
  eventId: number,
  booking: { track: string; trackId: number; room: string; slot: string; text: string },
  verb: "book" | "unbook",
  actorId: string,
): Promise<Notification[]> {
  const subject = `#${booking.track} ${verb} ${booking.room}-${booking.slot}`;
  return audience(db, eventId, booking.trackId, subject, booking.text, actorId);
}

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
  actorId: string,
): Promise<Notification[]> {
  const subject = `#${announcement.track} ${announcement.adverb} ${announcement.sentence}`;
  const where = announcement.location ? ` (${announcement.location})` : "";
  const text = `${announcement.adverb} in #${announcement.track}${where}: ${announcement.sentence}`;
  return audience(db, eventId, announcement.trackId, subject, text, actorId);
}
