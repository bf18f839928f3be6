// The session's endpoints (sign in, sign out, who am I here), beside api.ts: only the chunk
// loaded inside a Matrix client (signed-in.tsx) uses them. Calls that need the signed-in session
// take the fetch to use (session.ts's authorizedFetch), so signing in again on a 401 stays there.
import type { MeReply, OpenIdBody, SessionReply } from "../../shared/api/session.js";
import { stateUrl } from "../../shared/api/stream.js";
import { isObject, read, type ApiResult, type Fetcher } from "./api.js";

const jsonPost = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

const isSessionReply = (value: unknown): value is SessionReply =>
  isObject(value) && typeof value.token === "string" && typeof value.userId === "string";

/** POST /api/v1/sessions: signs in with the client's OpenID token. */
export async function createSession(credentials: OpenIdBody): Promise<ApiResult<SessionReply>> {
  return read(await fetch("/api/v1/sessions", jsonPost(credentials)), isSessionReply);
}

/** DELETE /api/v1/sessions/current: ends the session of `token` (204; errors are ignored). */
export async function endSession(token: string): Promise<void> {
  await fetch("/api/v1/sessions/current", {
    method: "DELETE",
    headers: { authorization: `Bearer ${token}` },
  });
}

/** GET /api/v1/events/:slug/me?room=: who the signed-in user is and what they may do there. */
export async function fetchMe(
  send: Fetcher,
  slug: string,
  roomId: string,
): Promise<ApiResult<MeReply>> {
  return read(await send(`${stateUrl(slug)}/me?room=${encodeURIComponent(roomId)}`));
}
