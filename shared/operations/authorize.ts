// Who may run what: the one place the permission rules live.
import { excerpt } from "../domain/input-rules.js";
import { isTrackName } from "../domain/validate.js";
import type { EventWithSettings } from "../store/events.js";
import { findTrack, type TrackRef } from "../store/tracks.js";
import { Refused, type Actor, type OperationContext } from "./context.js";
import { scopeOf, type Operation } from "./operation.js";

/** Admin operations need a power level at or above the event's admin level. */
export const isAdmin = (actor: Actor, settings: { admin_level: number }): boolean =>
  actor.powerLevel >= settings.admin_level;

/** Track operations need voice while the event requires it. */
export const mayModerate = (actor: Actor, event: EventWithSettings): boolean =>
  !event.voice_required || actor.powerLevel >= event.voice_level;

/**
 * Refuses an operation the sender may not run; for a track operation, returns its track (which
 * must exist). Runs inside the operation's transaction.
 */
export async function authorize(ctx: OperationContext, op: Operation): Promise<TrackRef | null> {
  const scope = scopeOf(op);
  switch (scope.kind) {
    case "anyone":
      return null;
    case "admin":
      if (!isAdmin(ctx.actor, ctx.event)) throw new Refused("Need op for admin commands");
      return null;
    case "track": {
      if (!mayModerate(ctx.actor, ctx.event)) throw new Refused("Need voice to issue commands");
      // A name no track can have is not looked up (it may hold what the database cannot take).
      const name = scope.track.toLowerCase();
      const track = isTrackName(name) ? await findTrack(ctx.trx, ctx.event.id, name) : undefined;
      if (track === undefined) throw new Refused(`Unknown track '${excerpt(scope.track)}'`);
      return track;
    }
  }
}
