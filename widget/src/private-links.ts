// `~privatelinks on` (issue 20): the public state has no track urls or etherpads; a signed-in
// member of one of the event's rooms gets them from /me, and the page shows the state with them.
// This module holds no sign-in code (the public page's first load carries it): the signed-in
// chunk (signed-in.tsx) hands it the links as /me changes, and how to read them again.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { EventState } from "../../shared/api/event-state.js";
import type { TrackLinks } from "../../shared/api/session.js";

/** The state with the links put back (pure); the state itself when there are none to add. */
export function withTrackLinks(state: EventState, links: TrackLinks | null): EventState {
  if (!state.privateLinks || links === null) return state;
  return {
    ...state,
    tracks: state.tracks.map((track) => {
      const own = links[track.name];
      return own === undefined
        ? track
        : { ...track, url: own.url, etherpad: own.etherpad, etherpadCustom: own.etherpad !== "" };
    }),
  };
}

let links: TrackLinks | null = null;
/** Reads /me again (a no-op until signed in); set by the signed-in chunk. */
let reread: (() => void) | null = null;
const listeners = new Set<(next: TrackLinks | null) => void>();

/** The signed-in chunk: the user's links (null: none, or not signed in) and how to re-read them. */
export function providePrivateLinks(next: TrackLinks | null, refresh: () => void): void {
  reread = refresh;
  if (next === links) return;
  links = next;
  for (const listener of listeners) listener(next);
}

/** How long after a change the links are read again (a burst of changes reads once). */
const REREAD_MS = 1_000;

/** The state as this user may see it; re-reads the links after each change while private. */
export function useTrackLinks(state: EventState | null): EventState | null {
  const [own, setOwn] = useState(links);
  useEffect(() => {
    listeners.add(setOwn);
    setOwn(links);
    return () => {
      listeners.delete(setOwn);
    };
  }, []);
  const watch = state?.privateLinks === true ? state.version : null;
  useEffect(() => {
    if (watch === null || reread === null) return undefined;
    const refresh = reread;
    const timer = setTimeout(refresh, REREAD_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [watch]);
  return useMemo(() => (state === null ? null : withTrackLinks(state, own)), [state, own]);
}
