// `~privatelinks on` (issue 20): the public state has no track urls or etherpads; a signed-in
// member of one of the event's rooms gets them from /me, and the page shows the state with them.
import { useEffect, useMemo } from "preact/hooks";
import type { EventState } from "../../shared/api/event-state.js";
import type { TrackLinks } from "../../shared/api/session.js";
import { refreshMe, useSession } from "./session.js";

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

/** How long after a change the links are read again (a burst of changes reads once). */
const REREAD_MS = 1_000;

/** The state as this user may see it; re-reads the links after each change while private. */
export function useTrackLinks(state: EventState | null): EventState | null {
  const session = useSession();
  const me = session.status === "signed-in" ? session.me : null;
  const links = me?.links ?? null;
  const signedIn = session.status === "signed-in";
  const watch = state?.privateLinks === true && signedIn ? state.version : null;
  useEffect(() => {
    if (watch === null) return undefined;
    const timer = setTimeout(() => {
      void refreshMe();
    }, REREAD_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [watch]);
  return useMemo(() => (state === null ? null : withTrackLinks(state, links)), [state, links]);
}
