// The full page: in Element and at /events/SLUG. In a short frame inside a Matrix client (Element's
// top panel), compact.css makes it the compact view: a one-line header, the banners as one line
// that expands, Now with one line per track and then Next, scrolling inside the frame, and the
// actions behind "Act".
import { useMemo, useState } from "preact/hooks";
import type { EventState, TrackState } from "../../../shared/api/event-state.js";
import { t } from "../i18n/messages.js";
import type { LiveStatus } from "../live.js";
import { Banners } from "./Banners.js";
import { Etherpads } from "./Etherpads.js";
import { Help } from "./Help.js";
import { Links } from "./Links.js";
import { LiveIndicator } from "./LiveIndicator.js";
import { NextList } from "./NextList.js";
import { NowList } from "./NowList.js";
import { Schedule } from "./Schedule.js";
import { ActionPanel, LeadTools, MyCalendarSlot, SessionStatus } from "./SignedIn.js";
import { TalkSchedule, TalksNow } from "./TalkScheduleLoader.js";
import { trackMatches } from "../filter.js";
import { meetingUrl } from "../schedule.js";
import { TrackFilter } from "./TrackFilter.js";
import { TrackLeads } from "./TrackLeads.js";
import { Updated } from "./Updated.js";
import { VenueClock } from "./VenueClock.js";
import { WhereToTalk } from "./WhereToTalk.js";
import "./compact.css";

interface Props {
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  status: LiveStatus;
  now: Date;
  /** Inside a Matrix client: compact in a short frame. */
  framed?: boolean;
  /** What the track filter starts with (a track room's widget: its track). */
  filter?: string;
}

export function Page({ state, tracks, status, now, framed = false, filter = "" }: Props) {
  const [query, setQuery] = useState(filter);
  const [acting, setActing] = useState(false);
  const shown = useMemo(
    () => ({ ...state, tracks: state.tracks.filter((t) => trackMatches(t, query)) }),
    [state, query],
  );
  return (
    <div class={framed ? `page framed${acting ? " acting" : ""}` : "page"}>
      <header class="top">
        <h1>{state.name}</h1>
        <VenueClock now={now} timeZone={state.timeZone} />
        <LiveIndicator status={status} />
        <SessionStatus />
        {/* Shown (compact.css) when there is something to act on: the panel of a signed-in user. */}
        {framed ? (
          <button
            type="button"
            class="session-out act"
            aria-expanded={acting}
            onClick={() => {
              setActing(!acting);
            }}
          >
            {t.act}
          </button>
        ) : null}
      </header>
      <main>
        <Banners banners={state.banners} tracks={tracks} expandable={framed} />
        <ActionPanel state={state} />
        <MyCalendarSlot slug={state.slug} />
        <LeadTools state={state} />
        {state.tracks.length > 0 ? (
          <TrackFilter
            query={query}
            onChange={setQuery}
            shown={shown.tracks.length}
            total={state.tracks.length}
          />
        ) : null}
        {state.talks.length > 0 && !shown.tracks.some((t) => t.now || t.next.length) ? (
          <TalksNow state={shown} tracks={tracks} now={now} />
        ) : (
          <div class="columns now-next">
            <NowList state={shown} tracks={tracks} now={now} />
            <NextList state={shown} tracks={tracks} />
          </div>
        )}
        {state.talks.length > 0 ? <TalkSchedule state={state} tracks={tracks} now={now} /> : null}
        {state.talks.length === 0 || state.days.length > 0 ? (
          <Schedule state={state} tracks={tracks} now={now} />
        ) : null}
        <div class="columns">
          <WhereToTalk state={state} />
          <Etherpads
            slug={state.slug}
            tracks={shown.tracks}
            video={(track) => meetingUrl(state, track, now)}
          />
          <TrackLeads tracks={shown.tracks} />
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
