// What a booking may clash with (issue 22): the other tracks booked in the same slot, the leads
// they share with the booking track, and the followers they share.
import type { Queryable } from "./events.js";

export interface SlotNeighbour {
  track: string;
  /** Leads both tracks have. */
  sharedLeads: number;
  /** People who follow both tracks. */
  sharedFollowers: number;
}

/** The other tracks booked in `slotId` (any room), with what they share with `trackId`. */
export async function slotNeighbours(
  db: Queryable,
  trackId: number,
  slotId: number,
): Promise<SlotNeighbour[]> {
  const rows = await db
    .selectFrom("bookings")
    .innerJoin("tracks", "tracks.id", "bookings.track_id")
    .select((eb) => [
      "tracks.name as track",
      eb
        .selectFrom("track_leads as other")
        .innerJoin("track_leads as mine", "mine.user_id", "other.user_id")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("other.track_id", "=", "tracks.id")
        .where("mine.track_id", "=", trackId)
        .as("sharedLeads"),
      eb
        .selectFrom("follows as other")
        .innerJoin("follows as mine", "mine.person_key", "other.person_key")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("other.track_id", "=", "tracks.id")
        .where("mine.track_id", "=", trackId)
        .as("sharedFollowers"),
    ])
    .where("bookings.slot_id", "=", slotId)
    .where("bookings.track_id", "!=", trackId)
    .orderBy("tracks.name")
    .distinct()
    .execute();
  return rows.map((r) => ({
    track: r.track,
    sharedLeads: Number(r.sharedLeads ?? 0),
    sharedFollowers: Number(r.sharedFollowers ?? 0),
  }));
}

/** How many people follow the track. */
export async function followerCount(db: Queryable, trackId: number): Promise<number> {
  const row = await db
    .selectFrom("follows")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("track_id", "=", trackId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A booked slot of a track, and the other tracks booked in the same slot. */
export interface BookedSlot {
  track: string;
  room: string;
  slot: string;
  /** How many people follow the track. */
  followers: number;
  neighbours: SlotNeighbour[];
}

/**
 * Every booking of these tracks (all: every track) that shares its slot with another track's,
 * with what the two share: what the page warns a track's leads of.
 */
export async function sharedSlots(
  db: Queryable,
  eventId: number,
  tracks: "all" | readonly string[],
): Promise<BookedSlot[]> {
  if (tracks !== "all" && tracks.length === 0) return [];
  let query = db
    .selectFrom("bookings as mine")
    .innerJoin("bookings as theirs", (join) =>
      join
        .onRef("theirs.slot_id", "=", "mine.slot_id")
        .onRef("theirs.track_id", "!=", "mine.track_id"),
    )
    .innerJoin("tracks", "tracks.id", "mine.track_id")
    .innerJoin("tracks as other", "other.id", "theirs.track_id")
    .innerJoin("rooms", "rooms.id", "mine.room_id")
    .innerJoin("slots", "slots.id", "mine.slot_id")
    .select((eb) => [
      "tracks.name as track",
      "rooms.name as room",
      "slots.code as slot",
      "other.name as other",
      eb
        .selectFrom("track_leads as a")
        .innerJoin("track_leads as b", "b.user_id", "a.user_id")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("a.track_id", "=", "tracks.id")
        .whereRef("b.track_id", "=", "other.id")
        .as("sharedLeads"),
      eb
        .selectFrom("follows as a")
        .innerJoin("follows as b", "b.person_key", "a.person_key")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("a.track_id", "=", "tracks.id")
        .whereRef("b.track_id", "=", "other.id")
        .as("sharedFollowers"),
      eb
        .selectFrom("follows")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("follows.track_id", "=", "tracks.id")
        .as("followers"),
    ])
    .where("tracks.event_id", "=", eventId);
  if (tracks !== "all") query = query.where("tracks.name", "in", tracks);
  const rows = await query
    .orderBy("tracks.name")
    .orderBy("rooms.position")
    .orderBy("slots.day_position")
    .orderBy("slots.position")
    .orderBy("other.name")
    .execute();
  const slots = new Map<string, BookedSlot>();
  for (const r of rows) {
    const key = JSON.stringify([r.track, r.room, r.slot]);
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = {
        track: r.track,
        room: r.room,
        slot: r.slot,
        followers: Number(r.followers ?? 0),
        neighbours: [],
      };
      slots.set(key, slot);
    }
    // (A track booked in two rooms of one slot is one neighbour.)
    if (!slot.neighbours.some((n) => n.track === r.other)) {
      slot.neighbours.push({
        track: r.other,
        sharedLeads: Number(r.sharedLeads ?? 0),
        sharedFollowers: Number(r.sharedFollowers ?? 0),
      });
    }
  }
  return [...slots.values()];
}
