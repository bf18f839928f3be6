// What an applied operation may have changed in its event's state, for the version bump's
// notification: listeners re-read only that. Each kind declares it (`changes`); undefined means
// the whole event.
import type { ChangeScope } from "../store/events.js";
import type { TrackRef } from "../store/tracks.js";
import type { Operation } from "./operation.js";
import { declarationOf } from "./registry.js";

/** `track`: the track the operation was authorized on, if any. Undefined: anything. */
export function changeScope(operation: Operation, track: TrackRef | null): ChangeScope | undefined {
  return declarationOf(operation).changes(operation, track);
}
