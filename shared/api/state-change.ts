// Small change messages for the live stream: what changed between two versions of an event's
// state. Pure and browser-safe: the server computes them, the widget applies them. The schema
// (state-change-schema.ts) is the stream's `event: change` frame (shared/api/stream.ts).
import type { EventState } from "./event-state.js";
import type { ReplacedFields, StateChange } from "./state-change-schema.js";

export type { ReplacedFields, StateChange };

/** The order of `EventState.tracks`: by name, in UTF-16 code units (whatever the database's collation). */
export function compareTrackNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function diffState(before: EventState, after: EventState): StateChange {
  const change: StateChange = {
    version: after.version,
    from: before.version,
    updatedAt: after.updatedAt,
    set: {},
  };
  const fields = Object.keys(after).filter(
    (k): k is keyof ReplacedFields =>
      k !== "slug" && k !== "version" && k !== "updatedAt" && k !== "tracks",
  );
  const set: Record<string, unknown> = {};
  for (const field of fields) {
    if (!sameJson(before[field], after[field])) set[field] = after[field];
  }
  change.set = set;

  const beforeTracks = new Map(before.tracks.map((t) => [t.name, t]));
  const afterNames = new Set(after.tracks.map((t) => t.name));
  const upsert = after.tracks.filter((t) => !sameJson(beforeTracks.get(t.name), t));
  const remove = before.tracks.filter((t) => !afterNames.has(t.name)).map((t) => t.name);
  if (upsert.length > 0 || remove.length > 0) change.tracks = { upsert, remove };
  return change;
}

/** Applies a change to the state it was computed from. Returns null when versions do not chain. */
export function applyChange(state: EventState, change: StateChange): EventState | null {
  if (change.from !== state.version) return null;
  let tracks = state.tracks;
  if (change.tracks) {
    const removed = new Set(change.tracks.remove);
    const byName = new Map(tracks.filter((t) => !removed.has(t.name)).map((t) => [t.name, t]));
    for (const t of change.tracks.upsert) byName.set(t.name, t);
    tracks = [...byName.values()].sort((a, b) => compareTrackNames(a.name, b.name));
  }
  return {
    ...state,
    ...change.set,
    version: change.version,
    updatedAt: change.updatedAt,
    tracks,
  };
}
