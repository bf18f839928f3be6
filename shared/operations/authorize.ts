// Refuses an operation its sender may not run, with the one permission rule (permission.ts) and
// the operation's declared standing (registry.ts).
import { excerpt } from "../domain/input-rules.js";
import { isTrackName } from "../domain/validate.js";
import { findTrackAndLead } from "../store/leads.js";
import { findTrack, type TrackRef } from "../store/tracks.js";
import { Refused, type OperationContext } from "./context.js";
import type { Operation } from "./operation.js";
import { refusal } from "./permission.js";
import { scopeOf } from "./registry.js";

/**
 * Refuses an operation the sender may not run; for a track operation, returns its track (which
 * must exist). Runs inside the operation's transaction.
 */
export async function authorize(
  ctx: OperationContext,
  op: Operation,
  /** The track by its name and whether the sender leads it, when read already (null: none). */
  known?: (TrackRef & { isLead: boolean }) | null,
): Promise<TrackRef | null> {
  const scope = scopeOf(op);
  // Whether the sender leads the track decides: it is read once the track is known.
  const byLead = scope.kind === "lead" || (scope.kind === "track" && ctx.event.leads_required);
  if (!byLead) {
    const refused = refusal(scope.kind, ctx.actor.powerLevel, ctx.event);
    if (refused !== null) throw new Refused(refused);
  }
  switch (scope.kind) {
    case "anyone":
    case "admin":
      return null;
    case "track":
    case "lead": {
      // A name no track can have is not looked up (it may hold what the database cannot take).
      const name = scope.track.toLowerCase();
      const found = !isTrackName(name)
        ? undefined
        : known !== undefined
          ? (known ?? undefined)
          : byLead
            ? await findTrackAndLead(ctx.trx, ctx.event.id, name, ctx.actor.id)
            : await findTrack(ctx.trx, ctx.event.id, name);
      if (found === undefined) throw new Refused(`Unknown track '${excerpt(scope.track)}'`);
      const track: TrackRef = { id: found.id, name: found.name };
      if (byLead) {
        const isLead = "isLead" in found && found.isLead === true;
        const lead = { track: track.name, isLead };
        const refused = refusal(scope.kind, ctx.actor.powerLevel, ctx.event, lead);
        if (refused !== null) throw new Refused(refused);
      }
      return track;
    }
  }
}
