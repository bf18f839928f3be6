// A search box that narrows the page's track lists to the tracks whose name, topic or location
// contains what was typed.
import { t } from "../i18n/messages.js";

interface Props {
  query: string;
  onChange: (query: string) => void;
  shown: number;
  total: number;
}

export function TrackFilter({ query, onChange, shown, total }: Props) {
  return (
    <div class="filter" role="search">
      <label for="track-filter">{t.findTrack}</label>
      <input
        id="track-filter"
        type="search"
        value={query}
        placeholder={t.findTrackPlaceholder}
        autoComplete="off"
        onInput={(event) => {
          onChange(event.currentTarget.value);
        }}
      />
      {query.trim() === "" ? null : (
        <span class="filter-count" role="status">
          {t.tracksShown(shown, total)}
        </span>
      )}
    </div>
  );
}
