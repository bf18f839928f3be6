// Following tracks: anyone may follow or unfollow a track, for themselves. Follows are in no
// public document (state, ptg.json), so they do not bump the event's version.
import { followedTracks, follow, unfollow } from "../../store/follows.js";
import { findTrack } from "../../store/tracks.js";
import { Refused, unchanged, type OperationContext } from "../context.js";
import type { OperationOf } from "../operation.js";

async function trackNamed(ctx: OperationContext, name: string) {
  const bare = name.startsWith("#") ? name.slice(1) : name;
  if (bare === "") throw new Refused("Which track? (+follow #TRACK)");
  const track = await findTrack(ctx.trx, ctx.event.id, bare);
  if (track === undefined) throw new Refused(`Unrecognised track #${bare}`);
  return track;
}

export async function add(ctx: OperationContext, op: OperationOf<"follow.add">) {
  const track = await trackNamed(ctx, op.trackName);
  const person = { eventId: ctx.event.id, personKey: ctx.actor.id, nick: ctx.actor.nick };
  const added = await follow(ctx.trx, person, track.id);
  const result = { kind: "follow.add", track: track.name, already: !added } as const;
  return unchanged(result);
}

export async function remove(ctx: OperationContext, op: OperationOf<"follow.remove">) {
  const track = await trackNamed(ctx, op.trackName);
  const removed = await unfollow(ctx.trx, ctx.actor.id, track.id);
  const result = { kind: "follow.remove", track: track.name, already: !removed } as const;
  return unchanged(result);
}

export async function show(ctx: OperationContext, _op: OperationOf<"follow.show">) {
  const tracks = await followedTracks(ctx.trx, ctx.event.id, ctx.actor.id);
  return unchanged({ kind: "follow.show", tracks } as const);
}
