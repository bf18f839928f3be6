// Who leads each track, by name (the public state has display names, never Matrix ids). Shown
// only when some track has leads: an event without leads looks as before.
import { t } from "../i18n/messages.js";
import type { TrackState } from "../../../shared/api/event-state.js";
import { TrackBadge } from "./TrackBadge.js";

export function TrackLeads({ tracks }: { tracks: readonly TrackState[] }) {
  const led = tracks.filter((track) => (track.leads?.length ?? 0) > 0);
  if (led.length === 0) return null;
  return (
    <section class="card" aria-labelledby="leads-title">
      <h2 id="leads-title">{t.trackLeads}</h2>
      <ul class="track-leads">
        {led.map((track) => (
          <li key={track.name}>
            <TrackBadge name={track.name} color={track.color} /> {track.leads?.join(", ")}
          </li>
        ))}
      </ul>
    </section>
  );
}
