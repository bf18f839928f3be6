// In the schedule, for a signed-in track moderator: a free slot is a button that books it for
// the track chosen in the action panel, and each slot of that track has a button that frees it.
// For everyone else they render as before (read-only).
import { t } from "../i18n/messages.js";
import { act, useActions } from "../actions.js";
import { useSession } from "../session.js";
import { maySteer } from "../track-permission.js";

/** The track a moderator acts for, or "" when the user may not book. */
function useBookingTrack(): { track: string; busy: boolean } {
  const session = useSession();
  const { track, busy } = useActions();
  const may = session.status === "signed-in" && maySteer(session.me, track);
  return { track: may ? track : "", busy };
}

/** `code` is the booking code shown (`ROOM-SLOT`); `slot` the slot's own code. */
export function FreeSlot({ room, slot, code }: { room: string; slot: string; code: string }) {
  const { track, busy } = useBookingTrack();
  if (track === "") {
    return (
      <code class="free" title={t.availableBookWith(code)}>
        {code}
      </code>
    );
  }
  return (
    <button
      type="button"
      class="free free-book"
      aria-label={t.bookFor(code, track)}
      disabled={busy}
      onClick={() => void act("book", { track, venueRoom: room, slot })}
    >
      {code}
    </button>
  );
}

export function UnbookSlot({ room, slot, track }: { room: string; slot: string; track: string }) {
  const chosen = useBookingTrack();
  // Only the chosen track's own slots: the track frees what it booked.
  if (chosen.track !== track) return null;
  return (
    <button
      type="button"
      class="unbook"
      aria-label={t.unbookFrom(`${room}-${slot}`, track)}
      disabled={chosen.busy}
      onClick={() => void act("unbook", { track, venueRoom: room, slot })}
    >
      ×
    </button>
  );
}
