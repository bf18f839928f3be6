// "Coming next": each track's list of upcoming topics.
import { t } from "../i18n/messages.js";
import type { EventState, TrackState } from "../../../shared/api/event-state.js";
import { Fill } from "./Fill.js";
import { Topic } from "./Topic.js";
import { TrackBadge } from "./TrackBadge.js";

interface Props {
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
}

export function NextList({ state, tracks }: Props) {
  const upcoming = state.tracks.filter((t) => t.next.length > 0);
  return (
    <section class="card next" aria-labelledby="next-title">
      <h2 id="next-title">{t.comingNext}</h2>
      {upcoming.length === 0 ? (
        <p class="empty">
          <Fill text={t.nextEmpty} code="#TRACK next …" />
        </p>
      ) : (
        <ul class="topics">
          {upcoming.map((track) => (
            <li key={track.name} class="topic-row">
              <TrackBadge name={track.name} color={track.color} />
              <ol class="next-items">
                {track.next.map((item, i) => (
                  <li key={i}>
                    <Topic text={item} tracks={tracks} />
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
