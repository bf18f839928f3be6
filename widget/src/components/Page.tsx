// The full page: in Element and at /events/SLUG.
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
import { Updated } from "./Updated.js";

interface Props {
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  status: LiveStatus;
  now: Date;
}

export function Page({ state, tracks, status, now }: Props) {
  return (
    <div class="page">
      <header class="top">
        <h1>{state.name}</h1>
        <LiveIndicator status={status} />
        <SessionStatus />
      </header>
      <main>
        <Banners banners={state.banners} tracks={tracks} />
        <ActionPanel state={state} />
        <div class="columns">
          <NowList state={state} tracks={tracks} now={now} />
          <NextList state={state} tracks={tracks} />
        </div>
        <Schedule state={state} tracks={tracks} now={now} />
        <div class="columns">
          <Etherpads tracks={state.tracks} />
          <Links links={state.links} />
        </div>
        <Help />
      </main>
      <footer>
        <Updated at={state.updatedAt} />
      </footer>
    </div>
  );
}
