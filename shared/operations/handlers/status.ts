// `~status [on|off]` (the pinned status message of the room it is said in) and
// `~privatelinks [on|off]` (the event's meeting links left out of everything public), and
// `~publicroom [on|off]` (an admin's mark: the page lists the room whatever its join rule).
import {
  privateLinks,
  setPrivateLinks,
  setStatusMode,
  statusRoom,
} from "../../store/room-status.js";
import { markRoomPublic, roomListing } from "../../store/public-rooms.js";
import { changed, Refused, unchanged, type OperationContext } from "../context.js";
import type { OperationOf } from "../operation.js";

export async function status(ctx: OperationContext, op: OperationOf<"admin.status">) {
  const roomId = ctx.chatRoomId;
  const room = roomId === null ? undefined : await statusRoom(ctx.trx, roomId);
  if (roomId === null || room === undefined || !roomId.startsWith("!")) {
    throw new Refused("Only a Matrix room of the event can have a status message");
  }
  const result = {
    kind: "admin.status",
    mode: op.mode ?? room.mode,
    trackRoom: room.trackRoom,
  } as const;
  if (op.mode === null || op.mode === room.mode) return unchanged(result);
  await setStatusMode(ctx.trx, roomId, op.mode);
  return changed(result);
}

export async function privateLinksSetting(
  ctx: OperationContext,
  op: OperationOf<"admin.privateLinks">,
) {
  const was = await privateLinks(ctx.trx, ctx.event.id);
  const on = op.on ?? was;
  const result = { kind: "admin.privateLinks", on } as const;
  if (op.on === null || op.on === was) return unchanged(result);
  await setPrivateLinks(ctx.trx, ctx.event.id, on);
  return changed(result);
}

export async function publicRoom(ctx: OperationContext, op: OperationOf<"admin.publicRoom">) {
  const roomId = ctx.chatRoomId;
  const room = roomId === null ? undefined : await roomListing(ctx.trx, roomId);
  if (roomId === null || room === undefined || !roomId.startsWith("!")) {
    throw new Refused("Only a Matrix room of the event can be listed on the page");
  }
  const on = op.on ?? room.markedPublic;
  const result = { kind: "admin.publicRoom", on, joinRulePublic: room.joinRulePublic } as const;
  if (op.on === null || op.on === room.markedPublic) return unchanged(result);
  await markRoomPublic(ctx.trx, roomId, on);
  return changed(result);
}
