// Who is signed in (inside a Matrix client), or that the widget is read-only. Nothing outside
// Matrix, where nobody signs in.
// (What they may do is the action panel's heading: "Act as bob (moderator)".)
import { t } from "../i18n/messages.js";
import { signOut, useSession } from "../session.js";
import "./session-status.css";

export function SessionStatus() {
  const session = useSession();
  switch (session.status) {
    case "none":
      return null;
    case "signing-in":
      return (
        <span class="session" role="status">
          {t.signingIn}
        </span>
      );
    case "declined":
      return (
        <span class="session" role="status" title={t.allowVerify}>
          {t.readOnlyNotSignedIn}
        </span>
      );
    case "read-only":
      return (
        <span class="session" role="status" title={session.reason}>
          {t.readOnly(session.reason)}
        </span>
      );
    case "signed-in":
      return (
        <span class="session session-in" role="status">
          {t.signedInAs} <strong class="session-user">{session.userId}</strong>
          {session.problem !== null && <span class="session-problem"> · {session.problem}</span>}
          <button
            type="button"
            class="session-out"
            onClick={() => {
              void signOut();
            }}
          >
            {t.signOut}
          </button>
        </span>
      );
  }
}
