// The time at the venue (and the viewer's, where it differs).
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
      <time dateTime={now.toISOString()} class="clock-venue" title={`Venue time (${zone})`}>
        {venue}
      </time>
      <span class="clock-zone">
        {timeZone === null ? "" : `venue time, ${zone.replace(/_/g, " ")}`}
      </span>
      {!large && local !== venue ? <span class="clock-local">{local} your time</span> : null}
    </span>
  );
}
