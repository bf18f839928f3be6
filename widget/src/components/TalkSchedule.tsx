// The schedule of an imported conference (pretalx, frab, c3voc): a tab per day (today's first),
// each listing that day's talks by start with their real times and lengths. Talks may overlap
// and differ in length: they are not squeezed into a grid of slots.
import { useState } from "preact/hooks";
import type { EventState, TrackState } from "../../../shared/api/event-state.js";
import { t } from "../i18n/messages.js";
import { talkDays } from "../talks.js";
import { formatDayDate, initialDayIndex, todayIndex } from "../time.js";
import { DayTabs, panelId, tabId } from "./DayTabs.js";
import { TalkItem } from "./TalkItem.js";

interface Props {
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  now: Date;
}

export function TalkSchedule({ state, tracks, now }: Props) {
  const [chosen, setChosen] = useState<number | null>(null);
  const groups = talkDays(state.talks);
  const days = groups.map((g) => g.day);
  const zone = state.timeZone ?? undefined;
  const today = todayIndex(days, now, zone);
  const selected = Math.min(chosen ?? initialDayIndex(days, now, zone), days.length - 1);
  const group = groups[selected];
  if (group === undefined) return null;
  const date = formatDayDate(group.day, zone);
  return (
    <section class="card schedule-card talk-schedule" aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t.schedule}</h2>
      <DayTabs days={days} selected={selected} today={today} onSelect={setChosen} />
      <div role="tabpanel" id={panelId(selected)} aria-labelledby={tabId(selected)} tabIndex={0}>
        {date !== null ? <p class="day-date">{date}</p> : null}
        <ul class="talk-list" aria-label={t.scheduleFor(date ?? group.day.name)}>
          {group.talks.map((talk) => (
            <TalkItem
              key={talk.guid}
              talk={talk}
              tracks={tracks}
              venueZone={state.timeZone}
              now={now}
            />
          ))}
        </ul>
      </div>
    </section>
  );
}
