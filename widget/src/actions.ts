// Acting from the widget as the signed-in user: each action is a POST to the server's action
// routes (the chat command's operation, checked with the room's power levels), and its answer,
// in the chat's words, is shown until the next one. Also kept here: the track chosen for the
// actions (a free slot clicked in the schedule is booked for it) and the tracks the user follows.
import { useEffect, useState } from "preact/hooks";
import type { ActionFields, ActionName } from "../../shared/operations/action-bodies.js";
import { authorizedFetch, errorMessage, sessionPlace } from "./session.js";

export interface ActionsState {
  /** The last answer: the chat's words (or why it could not be done). */
  result: { ok: boolean; text: string } | null;
  /** The track the actions are for. */
  track: string;
  followed: readonly string[];
  busy: boolean;
}

let state: ActionsState = { result: null, track: "", followed: [], busy: false };
const listeners = new Set<(s: ActionsState) => void>();

function update(change: Partial<ActionsState>): void {
  state = { ...state, ...change };
  for (const listener of listeners) listener(state);
}

export const chooseTrack = (track: string): void => {
  update({ track });
};

export function useActions(): ActionsState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);
  return current;
}

const eventPath = (): string => `/api/v1/events/${encodeURIComponent(sessionPlace().slug)}`;

/**
 * Runs an action (`check-in`, `now`, `book`…) with its fields, typed by the server's schema of
 * its body (shared/operations/action-bodies.ts), shows its answer, and says whether it was done.
 * A network failure is retried once with the same request id, which the server applies once.
 */
export async function act<A extends ActionName>(
  action: A,
  fields: ActionFields<A>,
): Promise<boolean> {
  const body = JSON.stringify({
    room: sessionPlace().roomId,
    // getRandomValues works outside secure contexts too.
    requestId: Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16)).join(
      "-",
    ),
    ...fields,
  });
  const send = () =>
    authorizedFetch(`${eventPath()}/actions/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
  update({ busy: true });
  let result: ActionsState["result"];
  try {
    const response = await send().catch(send);
    result = response.ok
      ? { ok: true, text: ((await response.json()) as { reply: string }).reply || "Done." }
      : { ok: false, text: await errorMessage(response) };
  } catch {
    result = { ok: false, text: "Could not reach the server: nothing was changed" };
  }
  update({ busy: false, result });
  if (result.ok && action.endsWith("follow")) await loadFollows();
  return result.ok;
}

/** Reads the tracks the user follows. */
export async function loadFollows(): Promise<void> {
  try {
    const response = await authorizedFetch(
      `${eventPath()}/follows?room=${encodeURIComponent(sessionPlace().roomId ?? "")}`,
    );
    if (response.ok) update({ followed: ((await response.json()) as { tracks: string[] }).tracks });
  } catch {
    // Shown as not followed; the next follow or unfollow reads them again.
  }
}
