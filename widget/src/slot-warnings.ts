// The conflict warnings on booked slots that the signed-in user may see (a track's leads and
// admins; read by the lead tools, LeadPanel.tsx, loaded after sign-in), for the schedule to show
// on each slot (SlotWarning.tsx). Empty for everyone else.
import { useEffect, useState } from "preact/hooks";
import type { SlotWarning } from "../../shared/api/lead-tools.js";

let warnings: readonly SlotWarning[] = [];
const listeners = new Set<(w: readonly SlotWarning[]) => void>();

export function setSlotWarnings(next: readonly SlotWarning[]): void {
  warnings = next;
  for (const listener of listeners) listener(next);
}

/** The warnings on one booked slot of one track. */
export function useSlotWarnings(room: string, slot: string, track: string): SlotWarning[] {
  const [all, setAll] = useState(warnings);
  useEffect(() => {
    listeners.add(setAll);
    setAll(warnings);
    return () => {
      listeners.delete(setAll);
    };
  }, []);
  return all.filter((w) => w.room === room && w.slot === slot && w.track === track);
}
