// Admin operations on the event's tracks and day.
import { countProblem, excerpt, listExcerpt } from "../../domain/input-rules.js";
import { isTrackName, RESERVED_TRACK_NAMES } from "../../domain/validate.js";
import { newDay as newDayVerb } from "../../store/reset.js";
import { clearTracks } from "../../store/topics.js";
import {
  addTracks as addTracksVerb,
  deleteTracks as deleteTracksVerb,
  findTracks,
  listTrackNames,
  type TrackRef,
} from "../../store/tracks.js";
import { changed, Refused, unchanged, type OperationContext } from "../context.js";
import type { OperationOf } from "../operation.js";

/** The named tracks (lower-cased, at least one), all of which must exist. */
async function existingTracks(ctx: OperationContext, names: string[]): Promise<TrackRef[]> {
  const wanted = trackNames(names);
  // A name no track can have is not looked up (it may hold what the database cannot take).
  const tracks = await findTracks(ctx.trx, ctx.event.id, wanted.filter(isTrackName));
  const missing = wanted.filter((n) => !tracks.some((t) => t.name === n));
  if (missing.length > 0) throw new Refused(`Unknown track: ${listExcerpt(missing)}`);
  return tracks;
}

function trackNames(names: string[]): string[] {
  if (names.length === 0) throw new Refused("This command takes one or more arguments");
  return [...new Set(names.map((n) => n.replace(/^#/, "").toLowerCase()))];
}

export async function list(ctx: OperationContext, op: OperationOf<"admin.list">) {
  const tracks = await listTrackNames(ctx.trx, ctx.event.id);
  return unchanged({ kind: "admin.list", tracks, page: op.page ?? 1 } as const);
}

export async function addTracks(ctx: OperationContext, op: OperationOf<"admin.addTracks">) {
  const names = trackNames(op.tracks);
  const bad = names.find((n) => !isTrackName(n));
  if (bad !== undefined) {
    throw new Refused(
      RESERVED_TRACK_NAMES.includes(bad)
        ? `'${bad}' cannot be a track name: '#${bad}' is a user command`
        : `'${excerpt(bad)}' is not a valid track name (letters, digits, '-', '_' and '.'; at most 64)`,
    );
  }
  const existing = await findTracks(ctx.trx, ctx.event.id, names);
  if (existing.length > 0) {
    throw new Refused(`Track already exists: ${listExcerpt(existing.map((t) => t.name))}`);
  }
  // The event never holds more tracks than an import may bring, so that it can be exported
  // and imported back.
  const tooMany = countProblem(
    "tracks",
    (await listTrackNames(ctx.trx, ctx.event.id)).length + names.length,
  );
  if (tooMany !== null) throw new Refused(tooMany);
  await addTracksVerb(ctx.trx, ctx.event.id, names);
  return changed({ kind: "admin.addTracks", tracks: names } as const);
}

export async function deleteTracks(ctx: OperationContext, op: OperationOf<"admin.deleteTracks">) {
  const tracks = await existingTracks(ctx, op.tracks);
  await deleteTracksVerb(
    ctx.trx,
    tracks.map((t) => t.id),
  );
  return changed({ kind: "admin.deleteTracks", tracks: tracks.map((t) => t.name) } as const);
}

export async function cleanTracks(ctx: OperationContext, op: OperationOf<"admin.cleanTracks">) {
  const tracks = await existingTracks(ctx, op.tracks);
  await clearTracks(
    ctx.trx,
    tracks.map((t) => t.id),
  );
  return changed({ kind: "admin.cleanTracks", tracks: tracks.map((t) => t.name) } as const);
}

export async function newDay(ctx: OperationContext, _op: OperationOf<"admin.newDay">) {
  await newDayVerb(ctx.trx, ctx.event.id);
  return changed({ kind: "admin.newDay" } as const);
}
