// The session's endpoints (sign in, sign out, who am I here), beside api.ts: only the chunk
// loaded inside a Matrix client (signed-in.tsx) uses them. Calls that need the signed-in session
// take the fetch to use (session.ts's authorizedFetch), so signing in again on a 401 stays there.
import type { CalendarTokenReply } from "../../shared/api/calendar-token.js";
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

const isCalendarTokenReply = (value: unknown): value is CalendarTokenReply =>
  isObject(value) && typeof value.active === "boolean";

/**
 * GET, POST or DELETE /api/v1/events/:slug/calendar: whether the signed-in user has a private
 * calendar link of the tracks they follow, a new one (its URL, shown once), or none any more.
 */
export async function calendarLink(
  send: Fetcher,
  slug: string,
  method: "GET" | "POST" | "DELETE",
): Promise<ApiResult<CalendarTokenReply>> {
  return read(await send(`${stateUrl(slug)}/calendar`, { method }), isCalendarTokenReply);
}
