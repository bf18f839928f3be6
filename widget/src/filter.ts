// Which tracks a search on the page keeps. Pure.
import type { TrackState } from "../../shared/api/event-state.js";

/** Whether a track matches a search (case-insensitive; an empty search matches every track). */
export function trackMatches(track: TrackState, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  const fields = [track.name, track.now?.topic ?? "", track.location ?? "", ...track.next];
  return fields.some((field) => field.toLowerCase().includes(q));
}
