// Conflict warnings on booking (issue 22): the reply warns, without refusing, when a track booked
// in the same slot shares a lead with the booking track, or when more than a third of the
// booking track's followers also follow it. The page shows the same warnings on a track's booked
// slots to its leads and admins (server/routes/slot-warnings.ts), in the same words.
import {
  followerCount,
  slotNeighbours,
  type SlotNeighbour,
} from "../../store/booking-conflicts.js";
import type { TrackContext } from "./track.js";

/** At most this many warnings in a reply (it must fit in one message). */
const MAX_WARNINGS = 2;

/** Why a slot of a track clashes with another track's booking in it. */
export type Conflict =
  | { reason: "lead"; other: string }
  | { reason: "followers"; other: string; shared: number; followers: number };

/** The conflicts of a slot of a track (with `followers` followers) with its `neighbours`. */
export function conflictsOf(followers: number, neighbours: readonly SlotNeighbour[]): Conflict[] {
  return neighbours.flatMap((n): Conflict[] => {
    if (n.sharedLeads > 0) return [{ reason: "lead", other: n.track }];
    if (n.sharedFollowers * 3 > followers) {
      return [{ reason: "followers", other: n.track, shared: n.sharedFollowers, followers }];
    }
    return [];
  });
}

/** A conflict in the chat's words. */
export function warningText(track: string, c: Conflict): string {
  return c.reason === "lead"
    ? `Warning: #${track} shares a lead with #${c.other}, booked then`
    : `Warning: ${c.shared} of #${track}'s ${c.followers} followers also follow #${c.other}, booked then`;
}

/** The warnings for a slot of `track` (with `followers` followers) shared with `neighbours`. */
export function warningsFor(
  track: string,
  followers: number,
  neighbours: readonly SlotNeighbour[],
): string[] {
  return conflictsOf(followers, neighbours).map((c) => warningText(track, c));
}

export async function conflictWarnings(ctx: TrackContext, slotId: number): Promise<string[]> {
  const neighbours = await slotNeighbours(ctx.trx, ctx.track.id, slotId);
  if (neighbours.length === 0) return [];
  const followers = await followerCount(ctx.trx, ctx.track.id);
  return warningsFor(ctx.track.name, followers, neighbours).slice(0, MAX_WARNINGS);
}
