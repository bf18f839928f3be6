// "Now" and "Coming next" of an event whose tracks announce nothing but whose imported schedule
// has talks (a conference from pretalx or frab): the talks running now, and the next talk in
// each room, one line each, so that the compact view in Element's top panel shows them too.
import type { EventState, TalkState, TrackState } from "../../../shared/api/event-state.js";
import { t } from "../i18n/messages.js";
import { runningTalks, talkWindow, upcomingTalks } from "../talks.js";
import { formatTime } from "../time.js";
import { TrackBadge } from "./TrackBadge.js";
import { Where } from "./Where.js";

interface Props {
  /** The state as the page shows it: `tracks` holds the tracks its search keeps. */
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  now: Date;
}

export function TalksNow({ state, tracks, now }: Props) {
  const names = new Set(state.tracks.map((track) => track.name));
  const shown = (talks: TalkState[]) =>
    talks.filter(
      (talk) =>
        state.tracks.length === tracks.size || (talk.track !== null && names.has(talk.track)),
    );
  return (
    <div class="columns now-next">
      <TalkCard
        id="now-title"
        class="now"
        title={t.now}
        talks={shown(runningTalks(state.talks, now))}
        {...{ state, tracks }}
      />
      <TalkCard
        id="next-title"
        class="next"
        title={t.comingNext}
        talks={shown(upcomingTalks(state.talks, now))}
        next
        {...{ state, tracks }}
      />
    </div>
  );
}

interface CardProps {
  id: string;
  class: string;
  title: string;
  talks: TalkState[];
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  next?: boolean;
}

function TalkCard({ id, class: kind, title, talks, state, tracks, next = false }: CardProps) {
  const zone = state.timeZone ?? undefined;
  return (
    <section class={`card ${kind}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {talks.length === 0 ? (
        <p class="empty">{t.nothingAnnounced}</p>
      ) : (
        <ul class="topics">
          {talks.map((talk) => {
            const { start, end } = talkWindow(talk);
            return (
              <li key={talk.guid} class="topic-row" data-talk={talk.guid}>
                {talk.track !== null ? (
                  <TrackBadge name={talk.track} color={tracks.get(talk.track)?.color ?? null} />
                ) : null}
                <span class="topic-text">{talk.title}</span>
                <span class="topic-meta">
                  <Where location={talk.room} />
                  <span>
                    {next
                      ? t.startsAt(formatTime(start, zone))
                      : `${formatTime(start, zone)}–${formatTime(end, zone)}`}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
