// Acting from the widget as the signed-in user: each action is a POST to the server's action
// routes (the chat command's operation, checked with the room's power levels), and its answer,
// in the chat's words, is shown until the next one. Also kept here: the track chosen for the
// actions (a free slot clicked in the schedule is booked for it) and the tracks the user follows.
import { useEffect, useState } from "preact/hooks";
import { authorizedFetch, sessionPlace } from "./session.js";

export interface ActionResult {
  ok: boolean;
  /** The chat's words (or why it could not be done). */
  text: string;
}

/** A tiny store: a value and who listens to it. */
function store<T>(initial: T) {
  let value = initial;
  const listeners = new Set<(v: T) => void>();
  return {
    get: () => value,
    set(next: T) {
      value = next;
      for (const listener of listeners) listener(next);
    },
    use(): T {
      const [current, setCurrent] = useState(value);
      useEffect(() => {
        listeners.add(setCurrent);
        setCurrent(value);
        return () => {
          listeners.delete(setCurrent);
        };
      }, []);
      return current;
    },
  };
}

export const lastResult = store<ActionResult | null>(null);
export const chosenTrack = store<string>("");
export const followed = store<readonly string[]>([]);
export const busy = store<boolean>(false);

const eventPath = (): string => `/api/v1/events/${encodeURIComponent(sessionPlace().slug)}`;

async function messageOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") return body.error.message;
  } catch {
    // Not our JSON.
  }
  return `HTTP ${response.status}`;
}

/** A random id per action (getRandomValues works outside secure contexts too). */
const requestId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");

/**
 * Runs an action (`check-in`, `now`, `book`…) with its fields; shows and returns the result. A
 * network failure is retried once with the same request id, which the server applies once.
 */
export async function act(action: string, fields: Record<string, unknown>): Promise<ActionResult> {
  const { roomId } = sessionPlace();
  const body = JSON.stringify({ room: roomId, requestId: requestId(), ...fields });
  const send = () =>
    authorizedFetch(`${eventPath()}/actions/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
  busy.set(true);
  let result: ActionResult;
  try {
    const response = await send().catch(send);
    if (response.ok) {
      const answer = (await response.json()) as { reply: string };
      result = { ok: true, text: answer.reply === "" ? "Done." : answer.reply };
    } else {
      result = { ok: false, text: await messageOf(response) };
    }
  } catch {
    result = { ok: false, text: "Could not reach the server: nothing was changed" };
  } finally {
    busy.set(false);
  }
  lastResult.set(result);
  if (result.ok && (action === "follow" || action === "unfollow")) await loadFollows();
  return result;
}

/** Reads the tracks the user follows. */
export async function loadFollows(): Promise<void> {
  const { roomId } = sessionPlace();
  if (roomId === null) return;
  try {
    const response = await authorizedFetch(
      `${eventPath()}/follows?room=${encodeURIComponent(roomId)}`,
    );
    if (response.ok) followed.set(((await response.json()) as { tracks: string[] }).tracks);
  } catch {
    // Shown as not followed; the next follow or unfollow reads them again.
  }
}
