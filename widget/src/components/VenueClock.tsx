// The time at the venue (and the viewer's, where it differs).
import { t } from "../i18n/messages.js";
import { formatTime, viewerTimeZone } from "../time.js";

interface Props {
  now: Date;
  timeZone: string | null;
  /** Signage: the venue's time only, large. */
  large?: boolean;
}

export function VenueClock({ now, timeZone, large = false }: Props) {
  const venue = formatTime(now, timeZone ?? undefined);
  const local = formatTime(now);
  const zone = timeZone ?? viewerTimeZone();
  return (
    <span class={large ? "clock clock-large" : "clock"}>
      <time dateTime={now.toISOString()} class="clock-venue" title={t.venueTimeTitle(zone)}>
        {venue}
      </time>
      <span class="clock-zone">
        {timeZone === null ? "" : t.venueTimeIn(zone.replace(/_/g, " "))}
      </span>
      {!large && local !== venue ? <span class="clock-local">{t.yourTime(local)}</span> : null}
    </span>
  );
}
