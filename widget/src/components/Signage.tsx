// The hallway screen: today's schedule and what is on now, in large type, without chrome.
import type { EventState, TrackState } from "../../../shared/api/event-state.js";
import type { LiveStatus } from "../live.js";
import { roomsForDay } from "../schedule.js";
import { formatClock, initialDayIndex } from "../time.js";
import { Banners } from "./Banners.js";
import { LiveIndicator } from "./LiveIndicator.js";
import { NowList } from "./NowList.js";
import { ScheduleTable } from "./ScheduleTable.js";

interface Props {
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  status: LiveStatus;
  now: Date;
}

/** Above this many rooms the day is shown as two tables side by side, to keep the type large. */
const ONE_TABLE_MAX_ROOMS = 12;

export function Signage({ state, tracks, status, now }: Props) {
  const day = state.days[initialDayIndex(state.days, now)];
  const rooms = day ? roomsForDay(state.rooms, day) : [];
  const half = Math.ceil(rooms.length / 2);
  const parts =
    rooms.length > ONE_TABLE_MAX_ROOMS ? [rooms.slice(0, half), rooms.slice(half)] : [rooms];
  return (
    <div class="signage">
      <header class="top">
        <h1>{state.name}</h1>
        <span class="signage-day">{day?.name}</span>
        <time class="clock" dateTime={now.toISOString()}>
          {formatClock(now)}
        </time>
        <LiveIndicator status={status} />
      </header>
      <Banners banners={state.banners} tracks={tracks} />
      <section class="signage-schedule" aria-label={`Schedule for ${day?.name ?? "today"}`}>
        {day ? (
          parts.map((part, i) => (
            <ScheduleTable key={i} state={state} day={day} tracks={tracks} now={now} rooms={part} />
          ))
        ) : (
          <p class="empty">No schedule yet.</p>
        )}
      </section>
      {state.tracks.some((t) => t.now !== null) ? (
        <NowList state={state} tracks={tracks} now={now} />
      ) : null}
    </div>
  );
}
