// `~trackroom TRACK|none`: binds the room it is said in to a track of its event (the room
// becomes an event room of the event too), or unbinds it.
import { excerpt } from "../../domain/input-rules.js";
import { bindChatRoom } from "../../store/events.js";
import { roomOfTrack, setRoomTrack, trackOfRoom } from "../../store/track-rooms.js";
import { findTrack } from "../../store/tracks.js";
import { changed, Refused, unchanged, type OperationContext } from "../context.js";
import type { OperationOf } from "../operation.js";

export async function trackRoom(ctx: OperationContext, op: OperationOf<"admin.trackRoom">) {
  const roomId = ctx.chatRoomId;
  if (roomId === null || !roomId.startsWith("!")) {
    throw new Refused("Only a Matrix room can be a track's room");
  }
  const current = await trackOfRoom(ctx.trx, roomId);
  if (op.track === null) {
    if (current === undefined) throw new Refused("This room is not a track's room");
    await setRoomTrack(ctx.trx, roomId, null);
    return changed({ kind: "admin.trackRoom", track: null, was: current.name } as const);
  }
  const track = await findTrack(ctx.trx, ctx.event.id, op.track);
  if (track === undefined) throw new Refused(`Unknown track '${excerpt(op.track)}'`);
  if (current !== undefined && current.id !== track.id) {
    throw new Refused(
      `This room is already the room of #${current.name}; say ~trackroom none here first`,
    );
  }
  const other = await roomOfTrack(ctx.trx, track.id);
  if (other !== undefined && other !== roomId) {
    throw new Refused(
      `#${track.name} already has a room (${other}); say ~trackroom none there first`,
    );
  }
  if (current !== undefined) {
    return unchanged({ kind: "admin.trackRoom", track: track.name, was: track.name } as const);
  }
  await bindChatRoom(ctx.trx, roomId, ctx.event.id);
  await setRoomTrack(ctx.trx, roomId, track.id);
  return changed({ kind: "admin.trackRoom", track: track.name, was: null } as const);
}
