// The full page: in Element and at /events/SLUG.
import { useMemo, useState } from "preact/hooks";
import type { EventState, TrackState } from "../../../shared/api/event-state.js";
import type { LiveStatus } from "../live.js";
import { ActionPanel } from "./ActionPanel.js";
import { Banners } from "./Banners.js";
import { Etherpads } from "./Etherpads.js";
import { Help } from "./Help.js";
import { Links } from "./Links.js";
import { LiveIndicator } from "./LiveIndicator.js";
import { NextList } from "./NextList.js";
import { NowList } from "./NowList.js";
import { Schedule } from "./Schedule.js";
import { SessionStatus } from "./SessionStatus.js";
import { trackMatches } from "../filter.js";
import { TrackFilter } from "./TrackFilter.js";
import { Updated } from "./Updated.js";
import { VenueClock } from "./VenueClock.js";
import { WhereToTalk } from "./WhereToTalk.js";

interface Props {
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  status: LiveStatus;
  now: Date;
}

export function Page({ state, tracks, status, now }: Props) {
  const [query, setQuery] = useState("");
  const shown = useMemo(
    () => ({ ...state, tracks: state.tracks.filter((t) => trackMatches(t, query)) }),
    [state, query],
  );
  return (
    <div class="page">
      <header class="top">
        <h1>{state.name}</h1>
        <VenueClock now={now} timeZone={state.timeZone} />
        <LiveIndicator status={status} />
        <SessionStatus />
      </header>
      <main>
        <Banners banners={state.banners} tracks={tracks} />
        <ActionPanel state={state} />
        {state.tracks.length > 0 ? (
          <TrackFilter
            query={query}
            onChange={setQuery}
            shown={shown.tracks.length}
            total={state.tracks.length}
          />
        ) : null}
        <div class="columns">
          <NowList state={shown} tracks={tracks} now={now} />
          <NextList state={shown} tracks={tracks} />
        </div>
        <Schedule state={state} tracks={tracks} now={now} />
        <div class="columns">
          <WhereToTalk state={state} />
          <Etherpads slug={state.slug} tracks={shown.tracks} />
          <Links links={state.links} />
        </div>
        <Help />
      </main>
      <footer>
        <Updated at={state.updatedAt} timeZone={state.timeZone} />
      </footer>
    </div>
  );
}
