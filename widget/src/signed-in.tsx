// Sign-in and the actions, a chunk loaded only inside a Matrix client once the widget API's
// handshake is done (matrix.ts): it signs in, loads the words only a signed-in user sees, and hands
// the page its signed-in parts (components/SignedIn.tsx) and the user's private links
// (private-links.ts).
import type { EventState } from "../../shared/api/event-state.js";
import { ActionPanel } from "./components/ActionPanel.js";
import { LeadTools } from "./components/LeadTools.js";
import { MyCalendarSlot } from "./components/MyCalendarSlot.js";
import { SessionStatus } from "./components/SessionStatus.js";
import { provideSignedInParts } from "./components/SignedIn.js";
import { FreeSlot, UnbookSlot } from "./components/SlotActions.js";
import { SlotWarning } from "./components/SlotWarning.js";
import { loadSignedInMessages } from "./i18n/messages.js";
import { useLivePermissions } from "./live-permissions.js";
import { providePrivateLinks } from "./private-links.js";
import {
  refreshMe,
  signIn,
  watchSession,
  type OpenIdCredentials,
  type SessionPlace,
} from "./session.js";

/** The action panel, kept to what the user may do as permissions change on the live stream. */
function ActionPanelLive({ state }: { state: EventState }) {
  useLivePermissions(state);
  return <ActionPanel state={state} />;
}

const reread = (): void => {
  void refreshMe();
};

export async function startSignedIn(
  where: SessionPlace,
  request: () => Promise<OpenIdCredentials>,
): Promise<void> {
  const signingIn = signIn(where, request);
  // (The parts' words come in a catalog of their own, in the page's language.)
  await loadSignedInMessages();
  provideSignedInParts({
    ActionPanel: ActionPanelLive,
    SessionStatus,
    FreeSlot,
    UnbookSlot,
    SlotWarning,
    MyCalendar: MyCalendarSlot,
    LeadTools,
  });
  watchSession((session) => {
    providePrivateLinks(
      session.status === "signed-in" ? (session.me?.links ?? null) : null,
      reread,
    );
  });
  await signingIn;
}
