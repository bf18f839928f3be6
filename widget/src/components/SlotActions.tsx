// In the schedule, for a signed-in track moderator: a free slot is a button that books it for
// the track chosen in the action panel, and each slot of that track has a button that frees it. For
// everyone else they render as before (read-only).
import { act, busy, chosenTrack } from "../actions.js";
import { useSession } from "../session.js";

const useMayBook = (): boolean => {
  const session = useSession();
  return session.status === "signed-in" && session.me?.may.track === true;
};

/** `code` is the booking code shown (`ROOM-SLOT`); `slot` the slot's own code. */
export function FreeSlot({ room, slot, code }: { room: string; slot: string; code: string }) {
  const mayBook = useMayBook();
  const track = chosenTrack.use();
  const working = busy.use();
  if (!mayBook || track === "") {
    return (
      <code class="free" title={`Available: book it with #TRACK book ${code}`}>
        {code}
      </code>
    );
  }
  return (
    <button
      type="button"
      class="free free-book"
      title={`Book ${code} for #${track}`}
      aria-label={`Book ${code} for #${track}`}
      disabled={working}
      onClick={() => void act("book", { track, venueRoom: room, slot })}
    >
      <code>{code}</code>
    </button>
  );
}

export function UnbookSlot({ room, slot, track }: { room: string; slot: string; track: string }) {
  const mayBook = useMayBook();
  const chosen = chosenTrack.use();
  const working = busy.use();
  // Only the chosen track's own slots: the track frees what it booked.
  if (!mayBook || chosen !== track) return null;
  return (
    <button
      type="button"
      class="unbook"
      title={`Free ${room}-${slot} (booked for #${track})`}
      aria-label={`Unbook ${room}-${slot} from #${track}`}
      disabled={working}
      onClick={() => void act("unbook", { track, venueRoom: room, slot })}
    >
      ×
    </button>
  );
}
