// `~trackrooms create [TRACK…]` and `~space [ROOM_OR_ALIAS]` queue work for the bot
// (shared/store/track-room-jobs.ts); the bot records what became of it through the internal
// kinds below, whose replies report progress in the room where it was asked. Each record
// finishes a pending job or adoption once: a record repeated after a restart changes nothing.
import { excerpt } from "../../domain/input-rules.js";
import { roomOfTrack } from "../../store/track-rooms.js";
import {
  batchProgress,
  bindCreatedTrackRoom,
  endSpaceAdoption,
  eventSpace,
  finishJob,
  markBatchPaced,
  pendingJob,
  pendingJobsOfBatch,
  queueTrackRoomJobs,
  requestSpaceAdoption,
  setEventSpace,
  tracksUnderWay,
  type BatchProgress,
} from "../../store/track-room-jobs.js";
import { eventTracks, findTracks } from "../../store/tracks.js";
import { eventTrackRooms } from "../../store/track-rooms.js";
import { changed, Refused, unchanged, type OperationContext } from "../context.js";
import type { Destination } from "../../domain/destination.js";
import type { OperationOf } from "../operation.js";

/** Progress is reported after every this many rooms, and at the end. */
export const PROGRESS_EVERY = 10;

/**
 * Where a batch's progress goes: the Matrix room it was asked in, addressed to the sender, each
 * report a Matrix reply to the command (its event id is stored with the batch: restarts keep it).
 */
function progressDestination(ctx: OperationContext, what: string): Destination {
  const roomId = ctx.chatRoomId;
  if (roomId === null || !roomId.startsWith("!")) {
    throw new Refused(`Say ${what} in a Matrix room of the event: I report there how it goes`);
  }
  const to = { userId: ctx.actor.id, nick: ctx.actor.nick };
  return ctx.inReplyTo === null
    ? { kind: "matrix.room", roomId, to }
    : { kind: "matrix.room", roomId, to, inReplyTo: ctx.inReplyTo };
}

export async function create(ctx: OperationContext, op: OperationOf<"trackRooms.create">) {
  const replyTo = progressDestination(ctx, "~trackrooms create");
  const { trx, event } = ctx;
  let tracks = await eventTracks(trx, event.id);
  if (op.tracks !== null) {
    const names = [...new Set(op.tracks.map((t) => t.toLowerCase()))];
    const found = await findTracks(trx, event.id, names);
    const unknown = names.filter((n) => !found.some((t) => t.name === n));
    if (unknown.length > 0) throw new Refused(`Unknown track '${excerpt(unknown[0] ?? "")}'`);
    tracks = found;
  }
  tracks.sort((a, b) => a.name.localeCompare(b.name));
  const rooms = await eventTrackRooms(trx, event.id);
  const underWay = await tracksUnderWay(trx, event.id);
  const had = tracks.filter((t) => rooms.has(t.name)).map((t) => t.name);
  const busy = tracks.filter((t) => !rooms.has(t.name) && underWay.has(t.id)).map((t) => t.name);
  const queue = tracks.filter((t) => !rooms.has(t.name) && !underWay.has(t.id));
  const result = {
    kind: "trackRooms.create",
    queued: queue.map((t) => t.name),
    had: op.tracks === null ? [] : had,
    underWay: busy,
  } as const;
  if (queue.length === 0) return unchanged(result);
  await queueTrackRoomJobs(
    trx,
    event,
    queue.map((t) => t.id),
    replyTo,
    ctx.actor.id,
  );
  return changed(result);
}

export async function space(ctx: OperationContext, op: OperationOf<"trackRooms.space">) {
  const { trx, event } = ctx;
  if (op.target === null) {
    const current = await eventSpace(trx, event.id);
    return unchanged({
      kind: "trackRooms.space",
      asked: null,
      roomId: current.roomId,
      alias: current.alias,
      checking: current.adoptTarget,
    } as const);
  }
  const replyTo = progressDestination(ctx, "~space");
  const current = await eventSpace(trx, event.id);
  if (op.target === current.roomId || op.target === current.alias) {
    return unchanged({
      kind: "trackRooms.space",
      asked: op.target,
      roomId: current.roomId,
      alias: current.alias,
      checking: null,
    } as const);
  }
  await requestSpaceAdoption(trx, event, op.target, replyTo);
  return changed({
    kind: "trackRooms.space",
    asked: op.target,
    roomId: current.roomId,
    alias: current.alias,
    checking: op.target,
  } as const);
}

export async function spaceCreated(
  ctx: OperationContext,
  op: OperationOf<"trackRooms.spaceCreated">,
) {
  const current = await eventSpace(ctx.trx, ctx.event.id);
  const result = { kind: "trackRooms.spaceCreated", roomId: op.roomId, alias: op.alias } as const;
  // A Space set meanwhile (adopted, or this one recorded already) stays.
  if (current.roomId !== null) return unchanged({ ...result, kept: true });
  await setEventSpace(ctx.trx, ctx.event.id, op.roomId, op.alias);
  return changed({ ...result, kept: false });
}

export async function spaceAdopted(
  ctx: OperationContext,
  op: OperationOf<"trackRooms.spaceAdopted">,
) {
  const { trx, event } = ctx;
  const result = {
    kind: "trackRooms.spaceAdopted",
    target: op.target,
    roomId: op.roomId,
    alias: op.alias,
    error: op.error,
  } as const;
  const current = await eventSpace(trx, event.id);
  // Recorded already, or another `~space` asked for something else since: nothing to say.
  if (current.adoptTarget !== op.target) return unchanged({ ...result, current: false });
  if (op.roomId === null) {
    await endSpaceAdoption(trx, event.id, op.target);
  } else {
    await setEventSpace(trx, event.id, op.roomId, op.alias);
  }
  return changed({ ...result, current: true });
}

/** Whether a record reports the batch's progress: every PROGRESS_EVERY rooms, and at the end. */
const reportsProgress = (p: BatchProgress): boolean =>
  p.pending === 0 || (p.done + p.failed.length) % PROGRESS_EVERY === 0;

export async function created(ctx: OperationContext, op: OperationOf<"trackRooms.created">) {
  const { trx, event } = ctx;
  const job = await pendingJob(trx, event.id, op.job);
  const silent = {
    kind: "trackRooms.created",
    track: op.track,
    error: null,
    progress: null,
  } as const;
  if (job === undefined) return unchanged(silent);
  const other = await roomOfTrack(trx, job.trackId);
  if (other !== undefined && other !== op.roomId) {
    const error = `#${job.track} got a room meanwhile (${other}); ${op.roomId} is not bound`;
    await finishJob(trx, job.id, { error });
    const progress = await batchProgress(trx, job.batchId);
    return changed({ ...silent, track: job.track, error, progress });
  }
  await bindCreatedTrackRoom(trx, event.id, job.trackId, op.roomId, op.alias);
  await finishJob(trx, job.id, { roomId: op.roomId });
  const progress = await batchProgress(trx, job.batchId);
  return changed({
    ...silent,
    track: job.track,
    progress: reportsProgress(progress) ? progress : null,
  });
}

export async function failed(ctx: OperationContext, op: OperationOf<"trackRooms.failed">) {
  const { trx, event } = ctx;
  const jobs =
    op.job === null
      ? await pendingJobsOfBatch(trx, op.batch)
      : [await pendingJob(trx, event.id, op.job)].filter((j) => j !== undefined);
  const result = {
    kind: "trackRooms.failed",
    track: op.job === null ? null : (jobs[0]?.track ?? null),
    error: op.error,
  } as const;
  if (jobs.length === 0) return unchanged({ ...result, track: null, error: null, progress: null });
  for (const job of jobs) await finishJob(trx, job.id, { error: op.error });
  const progress = await batchProgress(trx, op.batch);
  return changed({ ...result, progress: reportsProgress(progress) ? progress : null });
}

export async function paced(ctx: OperationContext, op: OperationOf<"trackRooms.paced">) {
  const told = await markBatchPaced(ctx.trx, op.batch, ctx.event.id);
  const progress = told ? await batchProgress(ctx.trx, op.batch) : null;
  const result = { kind: "trackRooms.paced", waitSeconds: op.waitSeconds, progress } as const;
  return told ? changed(result) : unchanged(result);
}
