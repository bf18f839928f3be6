// What followers are told when a PTGbot document re-imports the grid (issue 21, item 4): a
// followed track's booked slot that is gone is cancelled, or moved when the track got another
// slot in the same import (paired in schedule order). Read before and after the import, in
// its transaction. New bookings are not notices (the booking command tells of those).
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { NoticePlace, ScheduleNotice } from "../store/schedule-notices.js";

export interface GridBooking {
  trackId: number;
  track: string;
  room: string;
  slot: string;
  place: NoticePlace;
}

/** The event's booked slots, in schedule order, keyed by track and place. */
export async function gridBookings(
  trx: Transaction<Database>,
  eventId: number,
): Promise<GridBooking[]> {
  const rows = await trx
    .selectFrom("bookings")
    .innerJoin("slots", "slots.id", "bookings.slot_id")
    .innerJoin("rooms", "rooms.id", "bookings.room_id")
    .innerJoin("tracks", "tracks.id", "bookings.track_id")
    .select([
      "tracks.id as trackId",
      "tracks.name as track",
      "rooms.name as room",
      "rooms.meeting_url as roomUrl",
      "tracks.url as trackUrl",
      "slots.code as slot",
      "slots.label",
    ])
    .where("slots.event_id", "=", eventId)
    .orderBy("slots.day_position")
    .orderBy("slots.position")
    .orderBy("rooms.position")
    .execute();
  return rows.map((r) => ({
    trackId: r.trackId,
    track: r.track,
    room: r.room,
    slot: r.slot,
    place: { when: `${r.slot} (${r.label})`, room: r.room, link: r.trackUrl ?? r.roomUrl },
  }));
}

const keyOf = (b: GridBooking): string => `${b.trackId} ${b.room} ${b.slot}`;

/** The notices between two readings of the grid. */
export function gridNotices(before: GridBooking[], after: GridBooking[]): ScheduleNotice[] {
  const afterKeys = new Set(after.map(keyOf));
  const beforeKeys = new Set(before.map(keyOf));
  const lost = before.filter((b) => !afterKeys.has(keyOf(b)));
  const gained = after.filter((b) => !beforeKeys.has(keyOf(b)));
  const notices: ScheduleNotice[] = [];
  for (const b of lost) {
    const i = gained.findIndex((g) => g.trackId === b.trackId);
    const moved = i < 0 ? null : (gained.splice(i, 1)[0] ?? null);
    notices.push({
      trackId: b.trackId,
      subject: `booking:${b.room}-${b.slot}`,
      title: `#${b.track} ${b.room}-${b.slot}`,
      before: b.place,
      after: moved?.place ?? null,
    });
  }
  // Same place, another link (the track's or its room's meeting link changed).
  const linkOf = new Map(before.map((b) => [keyOf(b), b.place.link]));
  for (const a of after) {
    const old = linkOf.get(keyOf(a));
    if (old !== undefined && old !== a.place.link) {
      notices.push({
        trackId: a.trackId,
        subject: `booking:${a.room}-${a.slot}`,
        title: `#${a.track} ${a.room}-${a.slot}`,
        before: { ...a.place, link: old },
        after: a.place,
      });
    }
  }
  return notices;
}

/**
 * The notice of a track's new meeting link (`#nova url …`), which is the link of each of its
 * booked slots and talks: one line per track, and none when it has nothing booked.
 */
export async function trackLinkNotice(
  trx: Transaction<Database>,
  track: { id: number; name: string },
  before: string | null,
  after: string | null,
): Promise<ScheduleNotice[]> {
  if (before === after) return [];
  const booked = await trx
    .selectFrom("bookings")
    .select("slot_id")
    .where("track_id", "=", track.id)
    .limit(1)
    .executeTakeFirst();
  const talk = await trx
    .selectFrom("talks")
    .select("id")
    .where("track_id", "=", track.id)
    .limit(1)
    .executeTakeFirst();
  if (booked === undefined && talk === undefined) return [];
  const place = (link: string | null): NoticePlace => ({ when: "", room: null, link });
  return [
    {
      trackId: track.id,
      subject: `track-link:${track.id}`,
      title: `#${track.name} meeting link`,
      before: place(before),
      after: place(after),
    },
  ];
}
