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

/** The warnings for a slot of `track` (with `followers` followers) shared with `neighbours`. */
export function warningsFor(
  track: string,
  followers: number,
  neighbours: readonly SlotNeighbour[],
): string[] {
  return neighbours.flatMap((n) => {
    if (n.sharedLeads > 0) {
      return [`Warning: #${track} shares a lead with #${n.track}, booked then`];
    }
    if (n.sharedFollowers * 3 > followers) {
      return [
        `Warning: ${n.sharedFollowers} of #${track}'s ${followers} followers also follow #${n.track}, booked then`,
      ];
    }
    return [];
  });
}

export async function conflictWarnings(ctx: TrackContext, slotId: number): Promise<string[]> {
  const neighbours = await slotNeighbours(ctx.trx, ctx.track.id, slotId);
  if (neighbours.length === 0) return [];
  const followers = await followerCount(ctx.trx, ctx.track.id);
  return warningsFor(ctx.track.name, followers, neighbours).slice(0, MAX_WARNINGS);
}
