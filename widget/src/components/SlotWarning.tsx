// On a booked slot, for the track's signed-in leads and admins: a warning sign when another
// track booked then shares a lead with it, or more than a third of its followers (the booking
// reply's warnings, in the page's language).
import { t } from "../i18n/messages.js";
import type { SlotWarning as Warning } from "../../../shared/api/lead-tools.js";
import { useSlotWarnings } from "../slot-warnings.js";

const say = (w: Warning): string =>
  w.reason === "lead"
    ? t.conflictLead(w.track, w.other)
    : t.conflictFollowers(w.shared, w.track, w.followers, w.other);

export function SlotWarning({ room, slot, track }: { room: string; slot: string; track: string }) {
  const warnings = useSlotWarnings(room, slot, track);
  if (warnings.length === 0) return null;
  const text = warnings.map(say).join("; ");
  return (
    <span class="slot-warning" role="img" aria-label={text} title={text}>
      ⚠
    </span>
  );
}
