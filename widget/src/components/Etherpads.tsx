// Each track's etherpad.
import type { TrackState } from "../../../shared/api/event-state.js";
import { badgeColors } from "../safe.js";
import { SafeLink } from "./SafeLink.js";

export function Etherpads({ tracks }: { tracks: readonly TrackState[] }) {
  const withPads = tracks.filter((t) => t.etherpad !== "");
  return (
    <section class="card" aria-labelledby="pads-title">
      <h2 id="pads-title">Etherpads</h2>
      {withPads.length === 0 ? (
        <p class="empty">No tracks yet.</p>
      ) : (
        <ul class="pads">
          {withPads.map((track) => (
            <li key={track.name}>
              <span
                class="dot"
                aria-hidden="true"
                style={{ "--badge-bg": badgeColors(track.name, track.color).background }}
              />
              <SafeLink href={track.etherpad} label={`Etherpad of ${track.name}`}>
                {track.name}
              </SafeLink>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
