// The schedule: a tab per day (today's first), each showing that day's table.
import { useState } from "preact/hooks";
import type { EventState, TrackState } from "../../../shared/api/event-state.js";
import { initialDayIndex, todayIndex } from "../time.js";
import { DayTabs, panelId, tabId } from "./DayTabs.js";
import { ScheduleTable } from "./ScheduleTable.js";

interface Props {
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  now: Date;
}

export function Schedule({ state, tracks, now }: Props) {
  const [chosen, setChosen] = useState<number | null>(null);
  const days = state.days;
  const today = todayIndex(days, now);
  const selected = Math.min(chosen ?? initialDayIndex(days, now), days.length - 1);
  const day = days[selected];
  return (
    <section class="card schedule-card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">Schedule</h2>
      {day === undefined ? (
        <p class="empty">No schedule yet.</p>
      ) : (
        <>
          <DayTabs days={days} selected={selected} today={today} onSelect={setChosen} />
          <div
            role="tabpanel"
            id={panelId(selected)}
            aria-labelledby={tabId(selected)}
            tabIndex={0}
          >
            <ScheduleTable state={state} day={day} tracks={tracks} now={now} />
          </div>
        </>
      )}
    </section>
  );
}
