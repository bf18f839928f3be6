// "Now": every track with a current topic, where to join it and who is there.
import { t } from "../i18n/messages.js";
import type { EventState, TrackState } from "../../../shared/api/event-state.js";
import { meetingUrl } from "../schedule.js";
import { CheckedIn } from "./CheckedIn.js";
import { Fill } from "./Fill.js";
import { JoinVideo } from "./JoinVideo.js";
import { Topic } from "./Topic.js";
import { TrackBadge } from "./TrackBadge.js";
import { Where } from "./Where.js";

interface Props {
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  now: Date;
}

export function NowList({ state, tracks, now }: Props) {
  const current = state.tracks.filter((t) => t.now !== null);
  return (
    <section class="card now" aria-labelledby="now-title">
      <h2 id="now-title">{t.now}</h2>
      {current.length === 0 ? (
        <p class="empty">
          <Fill text={t.nowEmpty} code="#TRACK now …" />
        </p>
      ) : (
        <ul class="topics">
          {current.map((track) => (
            <li key={track.name} class="topic-row">
              <TrackBadge
                name={track.name}
                color={track.color}
                href={meetingUrl(state, track, now)}
              />
              <span class="topic-text">
                <Topic text={track.now?.topic ?? ""} tracks={tracks} />
              </span>
              <span class="topic-meta">
                {track.location ? <Where location={track.location} /> : null}
                <JoinVideo url={meetingUrl(state, track, now)} track={track.name} />
                <CheckedIn people={track.checkedIn} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
