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
