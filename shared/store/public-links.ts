// `~privatelinks on` (issue 20): the public forms of an event's state leave out its meeting
// links (track urls, rooms' urls) and etherpads. The server applies this to every state it
// reads for the public (the state, the stream, the calendars and schedule exports, signage);
// the bot's topics and status messages, and signed-in members (`/me`), read the whole state.
import type { EventState, RoomState, TrackState } from "../api/event-state.js";
import type { EventPatch } from "./event-state.js";

const track = (t: TrackState): TrackState => ({
  ...t,
  url: null,
  etherpad: "",
  etherpadCustom: false,
});
const room = (r: RoomState): RoomState => ({ ...r, url: null });

/** The state as the public may see it. */
export function publicState(state: EventState): EventState {
  if (!state.privateLinks) return state;
  return { ...state, tracks: state.tracks.map(track), rooms: state.rooms.map(room) };
}

/** A scoped read as the public may see it. */
export function publicPatch(patch: EventPatch): EventPatch {
  if (!patch.head.privateLinks) return patch;
  const tracks = new Map<string, TrackState | null>();
  for (const [name, t] of patch.tracks) tracks.set(name, t === null ? null : track(t));
  const set =
    patch.set.rooms === undefined ? patch.set : { ...patch.set, rooms: patch.set.rooms.map(room) };
  return { ...patch, tracks, set };
}

/** Each track's links, for those who may see them: name → url (or its room's) and etherpad. */
export function trackLinks(
  state: EventState,
): Record<string, { url: string | null; etherpad: string }> {
  return Object.fromEntries(
    state.tracks.map((t) => [
      t.name,
      {
        url: t.url ?? state.rooms.find((r) => r.name === t.location)?.url ?? null,
        etherpad: t.etherpad,
      },
    ]),
  );
}
