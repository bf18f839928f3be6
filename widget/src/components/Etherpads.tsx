// Each track's etherpad and calendar.
import { t } from "../i18n/messages.js";
import type { TrackState } from "../../../shared/api/event-state.js";
import { trackCalendarUrl } from "../links.js";
import { badgeColors } from "../safe.js";
import { JoinVideo } from "./JoinVideo.js";
import { SafeLink } from "./SafeLink.js";

interface Props {
  slug: string;
  tracks: readonly TrackState[];
  /** A track's meeting link, for "Join video". */
  video: (track: TrackState) => string | null;
}

export function Etherpads({ slug, tracks, video }: Props) {
  return (
    <section class="card" aria-labelledby="pads-title">
      <h2 id="pads-title">{t.etherpadsAndCalendars}</h2>
      {tracks.length === 0 ? (
        <p class="empty">{t.noTracks}</p>
      ) : (
        <ul class="pads">
          {tracks.map((track) => (
            <li key={track.name}>
              <span
                class="dot"
                aria-hidden="true"
                style={{ "--badge-bg": badgeColors(track.name, track.color).background }}
              />
              <SafeLink href={track.etherpad} label={t.etherpadOf(track.name)}>
                {track.name}
              </SafeLink>
              <a
                class="track-calendar"
                href={trackCalendarUrl(slug, track.name)}
                title={t.calendarOfTitle(track.name)}
                aria-label={t.calendarOf(track.name)}
              >
                {t.calendar}
              </a>
              <JoinVideo url={video(track)} track={track.name} short />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
