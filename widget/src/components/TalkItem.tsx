// One talk of an imported schedule: its real time and length (venue time, and the viewer's
// when it differs), its title, track, room and speakers. On the page and the hallway screen.
import type { TalkState, TrackState } from "../../../shared/api/event-state.js";
import { t } from "../i18n/messages.js";
import { isRunning } from "../talks.js";
import { slotTimes, viewerTimeZone } from "../time.js";
import { TrackBadge } from "./TrackBadge.js";
import { Where } from "./Where.js";
import "./talks.css";

interface Props {
  talk: TalkState;
  tracks: ReadonlyMap<string, TrackState>;
  venueZone: string | null;
  now: Date;
  /** Signage: venue time only. */
  venueOnly?: boolean;
  as?: "li" | "article";
  /** More classes (signage: its card's). */
  class?: string;
}

export function TalkItem({
  talk,
  tracks,
  venueZone,
  now,
  venueOnly = false,
  as = "li",
  class: extra,
}: Props) {
  const running = isRunning(talk, now);
  const viewer = viewerTimeZone();
  const times = slotTimes(
    { code: talk.guid, label: "", startsAt: talk.startsAt, durationMinutes: talk.durationMinutes },
    venueZone ?? viewer,
    viewer,
  );
  const Tag = as;
  return (
    <Tag
      class={`talk-item${running ? " current" : ""}${extra === undefined ? "" : ` ${extra}`}`}
      data-talk={talk.guid}
    >
      <div class="talk-when">
        {running ? <span class="now-tag">{t.nowTag}</span> : null}
        <time class="talk-time" dateTime={talk.startsAt}>
          {times.venue}
        </time>
        <span class="talk-length">{t.minutes(talk.durationMinutes)}</span>
        {times.local !== null && !venueOnly ? (
          <span class="slot-local" title={t.inYourTimeZone(viewer)}>
            {t.yourTime(times.local)}
          </span>
        ) : null}
      </div>
      <div class="talk-what">
        <p class="talk-title">{talk.title}</p>
        <p class="talk-meta">
          {talk.track !== null ? (
            <TrackBadge name={talk.track} color={tracks.get(talk.track)?.color ?? null} />
          ) : null}
          <Where location={talk.room} />
          {talk.persons.length > 0 ? (
            <span class="talk-persons">{t.withPersons(talk.persons.join(", "))}</span>
          ) : null}
        </p>
      </div>
    </Tag>
  );
}
