// "Join video": a track's meeting link (its own url, else its room's), issue 20.
import { t } from "../i18n/messages.js";
import { safeHttpUrl } from "../safe.js";

export function JoinVideo({ url, track }: { url: string | null; track: string }) {
  const href = safeHttpUrl(url);
  if (href === null) return null;
  return (
    <a
      class="join-video"
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={t.joinVideoOf(track)}
      title={t.joinVideoOf(track)}
    >
      <span aria-hidden="true">▶ </span>
      {t.joinVideo}
    </a>
  );
}
