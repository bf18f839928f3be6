// A search box that narrows the page's track lists to the tracks whose name, topic or location
// contains what was typed.
import type { TrackState } from "../../../shared/api/event-state.js";

interface Props {
  query: string;
  onChange: (query: string) => void;
  shown: number;
  total: number;
}

/** Whether a track matches a search (case-insensitive; an empty search matches every track). */
export function trackMatches(track: TrackState, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  const fields = [track.name, track.now?.topic ?? "", track.location ?? "", ...track.next];
  return fields.some((field) => field.toLowerCase().includes(q));
}

export function TrackFilter({ query, onChange, shown, total }: Props) {
  return (
    <div class="filter" role="search">
      <label for="track-filter">Find a track</label>
      <input
        id="track-filter"
        type="search"
        value={query}
        placeholder="name, topic or room"
        autoComplete="off"
        onInput={(event) => {
          onChange(event.currentTarget.value);
        }}
      />
      {query.trim() === "" ? null : (
        <span class="filter-count" role="status">
          {shown} of {total} tracks
        </span>
      )}
    </div>
  );
}
