// The schedule: a tab per day (today's first), each showing that day's table.
import { t } from "../i18n/messages.js";
import { useState } from "preact/hooks";
import type { EventState, TrackState } from "../../../shared/api/event-state.js";
import { formatDayDate, initialDayIndex, todayIndex } from "../time.js";
import { DayTabs, panelId, tabId } from "./DayTabs.js";
import { Fill } from "./Fill.js";
import { ScheduleTable } from "./ScheduleTable.js";
import "./schedule.css";

interface Props {
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  now: Date;
}

/** What an organizer does to load a schedule. */
export function ScheduleEmpty() {
  return (
    <div class="empty schedule-empty">
      <p>{t.noSchedule}</p>
      <p>
        <Fill
          text={t.noScheduleHelp}
          code="~fetchdb https://…/ptg.json"
          code2="npm run ptg -- import ptg.json"
        />
      </p>
    </div>
  );
}

export function Schedule({ state, tracks, now }: Props) {
  const [chosen, setChosen] = useState<number | null>(null);
  const days = state.days;
  const zone = state.timeZone ?? undefined;
  const today = todayIndex(days, now, zone);
  const selected = Math.min(chosen ?? initialDayIndex(days, now, zone), days.length - 1);
  const day = days[selected];
  const date = day === undefined ? null : formatDayDate(day, zone);
  return (
    <section class="card schedule-card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t.schedule}</h2>
      {day === undefined ? (
        <ScheduleEmpty />
      ) : (
        <>
          <DayTabs days={days} selected={selected} today={today} onSelect={setChosen} />
          <div
            role="tabpanel"
            id={panelId(selected)}
            aria-labelledby={tabId(selected)}
            tabIndex={0}
          >
            {date !== null ? <p class="day-date">{date}</p> : null}
            <ScheduleTable state={state} day={day} tracks={tracks} now={now} />
          </div>
        </>
      )}
    </section>
  );
}
