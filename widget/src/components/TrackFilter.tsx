// A search box that narrows the page's track lists to the tracks whose name, topic or location
// contains what was typed.

interface Props {
  query: string;
  onChange: (query: string) => void;
  shown: number;
  total: number;
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
