// The read model: one event's whole state, as the API serves it.
import type { Kysely } from "kysely";
import type { Banner, DayState, EventState, RoomState, TrackState } from "../api/event-state.js";
import type { Database } from "../db/schema.js";
import { slotTimes } from "../domain/slot-times.js";
import { parseIrcChannel } from "../domain/venue-time.js";
import { eventBookings } from "./bookings.js";
import { findEvent, type Queryable } from "./events.js";

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function generatedEtherpad(etherpadBase: string, slug: string, track: string): string {
  return `${etherpadBase}/${slug}-${track}`;
}

/** Reads an event's state from one consistent snapshot, so that its version matches its content. */
export async function loadEventState(
  db: Kysely<Database>,
  slug: string,
): Promise<EventState | undefined> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute((trx) => readEventState(trx, slug));
}

async function readEventState(db: Queryable, slug: string): Promise<EventState | undefined> {
  const event = await findEvent(db, slug);
  if (event === undefined) return undefined;
  const id = event.id;
  const [
    settings,
    banners,
    links,
    tracks,
    nowTopics,
    nextTopics,
    checkIns,
    slots,
    rooms,
    bookings,
    chatRooms,
  ] = await Promise.all([
    db
      .selectFrom("event_settings")
      .select("voice_required")
      .where("event_id", "=", id)
      .executeTakeFirst(),
    db
      .selectFrom("banners")
      .select(["level", "message"])
      .where("event_id", "=", id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("links")
      .select(["label", "url"])
      .where("event_id", "=", id)
      .orderBy("position")
      .execute(),
    db.selectFrom("tracks").selectAll().where("event_id", "=", id).orderBy("name").execute(),
    db
      .selectFrom("now_topics")
      .innerJoin("tracks", "tracks.id", "now_topics.track_id")
      .select(["now_topics.track_id", "topic", "set_at"])
      .where("tracks.event_id", "=", id)
      .execute(),
    db
      .selectFrom("next_topics")
      .innerJoin("tracks", "tracks.id", "next_topics.track_id")
      .select(["next_topics.track_id", "topic"])
      .where("tracks.event_id", "=", id)
      .orderBy("next_topics.track_id")
      .orderBy("position")
      .execute(),
    db
      .selectFrom("check_ins")
      .select(["nick", "location", "checked_in_at"])
      .where("event_id", "=", id)
      .where("checked_out_at", "is", null)
      .orderBy("checked_in_at")
      .execute(),
    db
      .selectFrom("slots")
      .selectAll()
      .where("event_id", "=", id)
      .orderBy("day_position")
      .orderBy("position")
      .execute(),
    db.selectFrom("rooms").selectAll().where("event_id", "=", id).orderBy("position").execute(),
    eventBookings(db, id),
    db
      .selectFrom("event_rooms")
      .select("chat_room_id")
      .where("event_id", "=", id)
      .orderBy("bound_at")
      .orderBy("chat_room_id")
      .execute(),
  ]);

  const trackStates: TrackState[] = tracks.map((t) => {
    const current = nowTopics.find((n) => n.track_id === t.id);
    return {
      name: t.name,
      color: t.color,
      etherpad: t.etherpad ?? generatedEtherpad(event.etherpad_base, event.slug, t.name),
      etherpadCustom: t.etherpad !== null,
      url: t.url,
      location: t.location,
      now: current ? { topic: current.topic, since: current.set_at.toISOString() } : null,
      next: nextTopics.filter((n) => n.track_id === t.id).map((n) => n.topic),
      checkedIn: checkIns
        .filter((c) => c.location === `#${t.name}`)
        .map((c) => ({ nick: c.nick, since: c.checked_in_at.toISOString() })),
    };
  });

  const days: DayState[] = [];
  for (const s of slots) {
    let day = days.at(-1);
    if (day?.name !== s.day) {
      day = { name: s.day, slots: [] };
      days.push(day);
    }
    day.slots.push({
      code: s.code,
      label: s.label,
      startsAt: iso(s.starts_at),
      durationMinutes: s.duration_minutes,
    });
  }
  const venue =
    event.time_zone !== null && event.first_day !== null
      ? { timeZone: event.time_zone, firstDay: event.first_day }
      : null;
  const times = slotTimes(days, venue);
  days.forEach((day, d) => {
    day.slots.forEach((slot, i) => {
      const time = times[d]?.[i];
      if (time !== undefined) Object.assign(slot, time);
    });
  });

  const roomStates: RoomState[] = rooms.map((r) => ({
    name: r.name,
    description: r.description,
    capabilityIcon: r.capability_icon,
    capabilityDescription: r.capability_description,
    url: r.meeting_url,
    bookings: Object.fromEntries(
      bookings.filter((b) => b.room_id === r.id).map((b) => [b.code, b.track]),
    ),
  }));

  return {
    slug: event.slug,
    name: event.name,
    timeZone: event.time_zone,
    firstDay: event.first_day,
    matrixRooms: chatRooms.map((r) => r.chat_room_id).filter((r) => r.startsWith("!")),
    ircChannel: event.irc_channel === null ? null : parseIrcChannel(event.irc_channel),
    version: event.version,
    updatedAt: event.updated_at.toISOString(),
    voiceRequired: settings?.voice_required ?? false,
    etherpadBase: event.etherpad_base,
    banners: banners as Banner[],
    links,
    tracks: trackStates,
    days,
    rooms: roomStates,
  };
}
