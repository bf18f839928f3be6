// Runs an authorized operation: its kind's declared run function (kinds/*.ts, registry.ts).
import type { TrackRef } from "../../store/tracks.js";
import type { Applied, OperationContext } from "../context.js";
import type { Operation } from "../operation.js";
import type { Fetched } from "../prepare.js";
import { declarationOf } from "../registry.js";

/** Runs an authorized operation; `track` is its track, for track operations. */
export function runOperation(
  ctx: OperationContext,
  op: Operation,
  track: TrackRef | null,
  prepared: Fetched | undefined,
): Promise<Applied> {
  return declarationOf(op).run({ ...ctx, track, prepared }, op);
}
