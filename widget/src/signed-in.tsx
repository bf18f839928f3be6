// Sign-in and the actions, a chunk loaded only inside a Matrix client once the widget API's
// handshake is done (matrix.ts): it hands the page its signed-in parts (components/SignedIn.tsx)
// and signs in.
import type { EventState } from "../../shared/api/event-state.js";
import { ActionPanel } from "./components/ActionPanel.js";
import { SessionStatus } from "./components/SessionStatus.js";
import { provideSignedInParts } from "./components/SignedIn.js";
import { FreeSlot, UnbookSlot } from "./components/SlotActions.js";
import { useLivePermissions } from "./live-permissions.js";
import { signIn, type OpenIdCredentials, type SessionPlace } from "./session.js";

/** The action panel, kept to what the user may do as permissions change on the live stream. */
function ActionPanelLive({ state }: { state: EventState }) {
  useLivePermissions(state);
  return <ActionPanel state={state} />;
}

export function startSignedIn(
  where: SessionPlace,
  request: () => Promise<OpenIdCredentials>,
): Promise<void> {
  provideSignedInParts({ ActionPanel: ActionPanelLive, SessionStatus, FreeSlot, UnbookSlot });
  return signIn(where, request);
}
