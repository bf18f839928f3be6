// Brings a cached event state up to a scoped read (shared/store/event-state.ts loadEventPatch):
// the new state and the stream's change message, built from what was read only. The result is
// the same as reading the whole state and diffing it (diffState), provided that the read
// covered everything that changed; the cost depends on what was read, not on the event's size
// (apart from copying the list of track references).
import type { CheckedInPerson, EventState, TrackState } from "../../shared/api/event-state.js";
import { compareTrackNames, type StateChange } from "../../shared/api/state-change.js";
import type { EventPatch } from "../../shared/store/event-state.js";

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Head fields that other parts are computed from: when one changes, read everything. */
const DERIVED_FROM = ["slug", "timeZone", "firstDay", "etherpadBase", "privateLinks"] as const;
const HEAD_FIELDS = ["name", "ircChannel"] as const;

/** The index of the track with this name in a list sorted by name, or -(insertion point) - 1. */
function findTrack(tracks: readonly TrackState[], name: string): number {
  let lo = 0;
  let hi = tracks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareTrackNames((tracks[mid] as TrackState).name, name);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

export interface Patched {
  state: EventState;
  change: StateChange;
}

/**
 * The state and change message after a scoped read, or null when the read cannot be applied
 * on its own (a field other parts derive from changed: read the whole state instead).
 */
export function patchState(state: EventState, patch: EventPatch): Patched | null {
  const { head } = patch;
  if (DERIVED_FROM.some((field) => state[field] !== head[field])) return null;
  const set: Record<string, unknown> = {};
  for (const field of HEAD_FIELDS) {
    if (!sameJson(state[field], head[field])) set[field] = head[field];
  }
  for (const [field, value] of Object.entries(patch.set)) {
    if (!sameJson(state[field as keyof EventState], value)) set[field] = value;
  }

  const upsert = new Map<string, TrackState>();
  const remove: string[] = [];
  for (const [name, track] of patch.tracks) {
    const at = findTrack(state.tracks, name);
    const before = at >= 0 ? state.tracks[at] : undefined;
    if (track === null) {
      if (before !== undefined) remove.push(name);
    } else if (before === undefined || !sameJson(before, track)) {
      upsert.set(name, track);
    }
  }
  if (patch.checkedIn !== undefined) {
    for (const track of state.tracks) {
      if (patch.tracks.has(track.name)) continue; // read whole above
      const now: CheckedInPerson[] = patch.checkedIn.get(track.name) ?? [];
      if (track.checkedIn.length === 0 && now.length === 0) continue;
      if (!sameJson(track.checkedIn, now)) upsert.set(track.name, { ...track, checkedIn: now });
    }
  }

  const change: StateChange = {
    version: head.version,
    from: state.version,
    updatedAt: head.updatedAt,
    set,
  };
  let tracks = state.tracks;
  if (upsert.size > 0 || remove.length > 0) {
    const upserts = [...upsert.values()].sort((a, b) => compareTrackNames(a.name, b.name));
    change.tracks = { upsert: upserts, remove };
    tracks = [...tracks];
    for (const name of remove) {
      const at = findTrack(tracks, name);
      if (at >= 0) tracks.splice(at, 1);
    }
    for (const track of upserts) {
      const at = findTrack(tracks, track.name);
      if (at >= 0) tracks[at] = track;
      else tracks.splice(-at - 1, 0, track);
    }
  }
  return {
    state: {
      ...state,
      ...(set as Partial<EventState>),
      version: head.version,
      updatedAt: head.updatedAt,
      tracks,
    },
    change,
  };
}
