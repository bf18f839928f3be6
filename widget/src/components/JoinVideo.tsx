// "Join video": a track's meeting link (its own url, else its room's), issue 20.
import { t } from "../i18n/messages.js";
import { safeHttpUrl } from "../safe.js";

interface Props {
  url: string | null;
  track: string;
  /** In a compact list (etherpads and calendars): "video", like its "calendar" neighbour. */
  short?: boolean;
}

export function JoinVideo({ url, track, short = false }: Props) {
  const href = safeHttpUrl(url);
  if (href === null) return null;
  if (short) {
    return (
      <a
        class="track-video"
        href={href}
        target="_blank"
        rel="noopener noreferrer"
        aria-label={t.joinVideoOf(track)}
        title={t.joinVideoOf(track)}
      >
        {t.video}
      </a>
    );
  }
  return (
    <a
      class="join-video"
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={t.joinVideoOf(track)}
      title={t.joinVideoOf(track)}
    >
      <span aria-hidden="true">▶</span> {t.joinVideo}
    </a>
  );
}
