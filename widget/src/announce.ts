// What a screen reader hears when the live state changes: a one-line summary (which track has a
// new topic now, how many tracks changed, whether the news or the schedule changed), never the
// whole list. Pure; components/Announcer.tsx speaks it through a polite live region.
import type { EventState, TrackState } from "../../shared/api/event-state.js";
import { t } from "./i18n/messages.js";

const trackKey = (track: TrackState): string =>
  JSON.stringify([track.now?.topic ?? null, track.next, track.location, track.checkedIn.length]);

/** The summary of what changed from `before` to `after`; "" when nothing a reader hears changed. */
export function summariseChange(before: EventState | null, after: EventState): string {
  if (before === null || before.version === after.version) return "";
  const old = new Map(before.tracks.map((tr) => [tr.name, trackKey(tr)]));
  const changed = after.tracks.filter((tr) => old.get(tr.name) !== trackKey(tr));
  const parts: string[] = [];
  const first = changed[0];
  if (changed.length === 1 && first !== undefined) {
    const topic = first.now?.topic;
    const was = before.tracks.find((tr) => tr.name === first.name)?.now?.topic;
    parts.push(
      topic !== undefined && topic !== was
        ? t.announceNow(first.name, topic.slice(0, 120))
        : t.announceChanged(1),
    );
  } else if (changed.length > 1) {
    parts.push(t.announceChanged(changed.length));
  }
  if (JSON.stringify(before.banners) !== JSON.stringify(after.banners)) {
    parts.push(t.announceBanners);
  }
  if (JSON.stringify(before.rooms) !== JSON.stringify(after.rooms)) parts.push(t.announceSchedule);
  return parts.join(". ");
}
