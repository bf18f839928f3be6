// Picks the view and feeds it the live state.
import { t } from "../i18n/messages.js";
import { useEffect, useLayoutEffect, useMemo } from "preact/hooks";
import { useNow } from "../clock.js";
import { useLiveStore, type LiveStore } from "../live.js";
import type { Params } from "../params.js";
import { useTrackLinks } from "../private-links.js";
import { tracksByName } from "../schedule.js";
import { LiveIndicator } from "./LiveIndicator.js";
import { Page } from "./Page.js";
import { Signage } from "./SignageLoader.js";

/** Marked once the first state is on screen (the browser tests read it). */
export const FIRST_RENDER_MARK = "ptg:first-render";

export function App({ params, live }: { params: Params; live: LiveStore }) {
  const { state: liveState, status, error } = useLiveStore(live);
  // With private links, a signed-in member's state has them back (from /me).
  const state = useTrackLinks(liveState);
  const now = useNow();
  const tracks = useMemo(() => tracksByName(state?.tracks ?? []), [state?.tracks]);
  const name = state?.name;
  const loaded = state !== null;

  useEffect(() => {
    if (name !== undefined) document.title = name;
  }, [name]);
  useLayoutEffect(() => {
    if (loaded && performance.getEntriesByName(FIRST_RENDER_MARK).length === 0) {
      performance.mark(FIRST_RENDER_MARK);
    }
  }, [loaded]);

  if (state === null) {
    return (
      <div class="boot">
        {error === null ? <p>{t.loading}</p> : <p class="error">{t.couldNotLoad(error)}</p>}
        <LiveIndicator status={status} />
      </div>
    );
  }
  if (params.view === "signage") {
    return (
      <Signage
        state={state}
        tracks={tracks}
        status={status}
        now={now}
        rotateSeconds={params.rotateSeconds}
      />
    );
  }
  return (
    <Page
      state={state}
      tracks={tracks}
      status={status}
      now={now}
      framed={params.widgetId !== null}
      filter={params.track ?? ""}
    />
  );
}
