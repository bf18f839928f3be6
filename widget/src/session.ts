// The signed-in Matrix user, inside a Matrix client only. The widget asks the client for an
// OpenID token (matrix.ts), the server checks it with the user's homeserver and returns a
// short-lived session token, which lives in this module's memory only (never localStorage: a
// reload signs in again) and goes out as `Authorization: Bearer …`. Then "who am I here"
// (/api/v1/events/:slug/me) tells what the user may do in this room. Declined or failed: the
// widget stays read-only, and complete.
import { useEffect, useState } from "preact/hooks";
import type { MeReply, OpenIdBody } from "../../shared/api/session.js";
import { errorMessage } from "./api.js";
import { createSession, endSession, fetchMe } from "./session-api.js";

/**
 * What a Matrix client gives a widget (matrix-widget-api's IOpenIDCredentials): the sign-in
 * body, any part of which a client may leave out (the server then says what is missing).
 */
export type OpenIdCredentials = Partial<OpenIdBody>;

/** What the signed-in user may do in this room (GET /api/v1/events/:slug/me). */
export type Me = MeReply;

/** (actions.ts reads error answers with it too.) */
export { errorMessage };

export type SessionState =
  /** Outside Matrix (public page, signage): nobody signs in. */
  | { status: "none" }
  | { status: "signing-in" }
  /** The user declined to share their identity: read-only. */
  | { status: "declined" }
  /** Signed out, or sign-in failed: read-only, with the reason. */
  | { status: "read-only"; reason: string }
  /** Signed in; `me` is null while unknown, `problem` says why it could not be read. */
  | { status: "signed-in"; userId: string; me: Me | null; problem: string | null };

let state: SessionState = { status: "none" };
let token: string | null = null;
const listeners = new Set<(s: SessionState) => void>();

function set(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener(next);
}

export function sessionState(): SessionState {
  return state;
}

const currentToken = (): string | null => token;

/** Calls `listener` with the state now and on each change; returns how to stop. */
export function watchSession(listener: (s: SessionState) => void): () => void {
  listeners.add(listener);
  listener(state);
  return () => {
    listeners.delete(listener);
  };
}

export function useSession(): SessionState {
  const [current, setCurrent] = useState(state);
  useEffect(() => watchSession(setCurrent), []);
  return current;
}

/** Where the widget is: the event and the Matrix room it is shown in. */
export interface SessionPlace {
  slug: string;
  roomId: string | null;
}

let place: SessionPlace = { slug: "", roomId: null };

/** Where the signed-in widget acts (actions.ts). */
export const sessionPlace = (): SessionPlace => place;
let requestToken: (() => Promise<OpenIdCredentials>) | null = null;

/** Signs in with the client's OpenID token; declined or refused: read-only. */
export async function signIn(
  where: SessionPlace,
  request: () => Promise<OpenIdCredentials>,
): Promise<void> {
  place = where;
  requestToken = request;
  set({ status: "signing-in" });
  let credentials: OpenIdCredentials;
  try {
    credentials = await request();
  } catch {
    // matrix-widget-api rejects when the user says no (or the client cannot do OpenID).
    set({ status: "declined" });
    return;
  }
  try {
    const result = await createSession({
      access_token: credentials.access_token,
      matrix_server_name: credentials.matrix_server_name,
      token_type: credentials.token_type,
      expires_in: credentials.expires_in,
    } as OpenIdBody); // a missing part is the server's to refuse, in its words
    if (!result.ok) {
      const reason = result.unexpected ? "The server's answer made no sense" : result.message;
      set({ status: "read-only", reason });
      return;
    }
    token = result.body.token;
    set({ status: "signed-in", userId: result.body.userId, me: null, problem: null });
  } catch {
    set({ status: "read-only", reason: "Could not reach the server" });
    return;
  }
  await refreshMe();
}

/**
 * A request to the signed-in API, with the session token. When the session has ended (401), the
 * widget signs in again once (the client may ask the user again) and retries.
 */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = (): Promise<Response> =>
    fetch(path, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        authorization: `Bearer ${token ?? ""}`,
      },
    });
  let response = await send();
  if (response.status === 401 && requestToken !== null) {
    token = null;
    await signIn(place, requestToken);
    // (signIn may have set a new token meanwhile.)
    if (currentToken() !== null) response = await send();
  }
  return response;
}

/** Reads what the signed-in user may do in this room. */
export async function refreshMe(): Promise<void> {
  if (state.status !== "signed-in" || place.roomId === null) return;
  const userId = state.userId;
  try {
    const result = await fetchMe(authorizedFetch, place.slug, place.roomId);
    if (sessionState().status !== "signed-in") return; // signed out meanwhile
    if (!result.ok) {
      set({ status: "signed-in", userId, me: null, problem: result.message });
      return;
    }
    const me = result.body;
    set({ status: "signed-in", userId: me.userId, me, problem: null });
  } catch {
    set({ status: "signed-in", userId, me: null, problem: "Could not reach the server" });
  }
}

/** Ends the session on the server and forgets the token: the widget is read-only again. */
export async function signOut(): Promise<void> {
  const ending = token;
  token = null;
  requestToken = null;
  set({ status: "read-only", reason: "Signed out" });
  if (ending === null) return;
  await endSession(ending).catch(() => undefined);
}
