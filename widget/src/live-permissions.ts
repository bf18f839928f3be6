// Keeps what the signed-in user may do current: when the event's voice rule or a power level in
// its rooms changes (both arrive on the live stream, as `voiceRequired` and `powerChangedAt`),
// the widget reads /me again, so that the panel never offers an action that would be refused.
// (Before sign-in has finished, refreshMe does nothing.)
import { useEffect } from "preact/hooks";
import type { EventState } from "../../shared/api/event-state.js";
import { refreshMe } from "./session.js";

export function useLivePermissions(state: EventState | null): void {
  const voice = state?.voiceRequired;
  const power = state?.powerChangedAt;
  useEffect(() => {
    if (voice !== undefined) void refreshMe();
  }, [voice, power]);
}
