// Keeps what the signed-in user may do current: when the event's voice or leads rule, a power
// level in its rooms or a track's leads change (all arrive on the live stream, as
// `voiceRequired`, `leadsRequired`, `powerChangedAt` and each track's `leads`),
// the widget reads /me again, so that the panel never offers an action that would be refused.
// (Before sign-in has finished, refreshMe does nothing.)
import { useEffect, useMemo } from "preact/hooks";
import type { EventState } from "../../shared/api/event-state.js";
import { refreshMe } from "./session.js";

export function useLivePermissions(state: EventState | null): void {
  const voice = state?.voiceRequired;
  const power = state?.powerChangedAt;
  const leadsRequired = state?.leadsRequired;
  // Who leads what (by name): a lead added or removed may gain or lose a track's actions.
  const leads = useMemo(
    () => JSON.stringify(state?.tracks.map((t) => [t.name, t.leads ?? []]) ?? []),
    [state?.tracks],
  );
  useEffect(() => {
    if (voice !== undefined) void refreshMe();
  }, [voice, power, leadsRequired, leads]);
}
