// What a track's now/next announcement writes and reads, in one statement: for `now`, the
// topic set and the next list emptied (as topics.ts's setNow does) and the track moved to
// today's room unless its location was set by hand; for both, today's room (its first booking
// of the day in room order; when the event does not run today, its first day counts as today,
// as PTGbot did), the track's location, and who may be told (subscribers and followers).
import { PREPARED_MARK } from "../db/prepared.js";
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { dayName } from "./tracks.js";

export interface Audience {
  subscriptions: { person_key: string; nick: string; pattern: string }[];
  /** In person order. */
  followers: { person_key: string; nick: string }[];
}

export interface AnnouncementFacts extends Audience {
  /** The room where the track is booked today (else on the event's first day), if any. */
  room: string | null;
  location: string | null;
}

export async function announce(
  trx: Transaction<Database>,
  target: { eventId: number; trackId: number; now: Date },
  /** `now`'s topic: set, next emptied, and the location follows today's room. */
  setNow: { topic: string; at: Date } | null,
): Promise<AnnouncementFacts> {
  const { eventId, trackId, now } = target;
  const isNow = setNow !== null;
  const { rows } = await sql<{
    room: string | null;
    location: string | null;
    subscriptions: Audience["subscriptions"];
    followers: Audience["followers"];
  }>`${sql.raw(PREPARED_MARK)}
    with cleared as (
      delete from next_topics where track_id = ${trackId} and ${isNow}::boolean
    ), topic as (
      insert into now_topics (track_id, topic, set_at)
      select ${trackId}::integer, ${setNow?.topic ?? ""}::text, ${setNow?.at ?? now}::timestamptz
      where ${isNow}::boolean
      on conflict (track_id) do update set topic = excluded.topic, set_at = excluded.set_at
    ), days as (
      select distinct day, day_position from slots where event_id = ${eventId}
    ), today as (
      select coalesce(
        (select day from days where day = ${dayName(now)} limit 1),
        (select day from days order by day_position limit 1)
      ) as day
    ), room as (
      select rooms.name from bookings
        join slots on slots.id = bookings.slot_id
        join rooms on rooms.id = bookings.room_id
      where slots.event_id = ${eventId} and slots.day = (select day from today)
        and bookings.track_id = ${trackId}
      order by rooms.position, slots.position limit 1
    ), moved as (
      update tracks set location = (select name from room)
      where id = ${trackId} and ${isNow}::boolean and not location_set_by_hand
        and exists (select from room)
      returning location
    )
    select (select name from room) as room,
      case when exists (select from moved) then (select location from moved)
        else (select location from tracks where id = ${trackId}) end as location,
      (select coalesce(json_agg(json_build_object(
          'person_key', person_key, 'nick', nick, 'pattern', pattern)), '[]')
        from subscriptions where event_id = ${eventId}) as subscriptions,
      (select coalesce(json_agg(json_build_object(
          'person_key', person_key, 'nick', nick) order by person_key), '[]')
        from follows where track_id = ${trackId}) as followers`.execute(trx);
  const row = rows[0];
  if (row === undefined) throw new Error("the announcement statement returned no row");
  return row;
}
