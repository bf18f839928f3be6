// The widget's typed client of the HTTP API: one function per endpoint, typed by the contract's
// schemas (shared/api; imported as types only, so TypeBox stays out of the bundle). Each
// answers an ApiResult: the body on success, else the status and the error's message (the
// API's `{ error: { code, message } }`). The session's endpoints (session-api.ts) and the
// actions' (actions.ts) sit beside this one, in the chunk loaded only inside a Matrix client.
import type { ErrorBody } from "../../shared/api/error.js";
import type { EventState } from "../../shared/api/event-state.js";
import type { StateChange } from "../../shared/api/state-change.js";
import {
  STREAM_CHANGE,
  STREAM_STATE,
  stateUrl,
  streamUrl,
  type StreamMessages,
} from "../../shared/api/stream.js";

export type ApiResult<T> =
  | { ok: true; body: T }
  /** `unexpected`: a 2xx whose body did not look like the contract's (`message` says so). */
  | { ok: false; status: number; message: string; unexpected?: true };

/** How a call sends its request: `fetch`, or the session's authorizedFetch. */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

const isErrorBody = (value: unknown): value is ErrorBody =>
  isObject(value) && isObject(value.error) && typeof value.error.message === "string";

/** The message of an error response, or its status when it is not the API's error shape. */
export async function errorMessage(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (isErrorBody(body)) return body.error.message;
  } catch {
    // Not our JSON: the status says enough.
  }
  return `HTTP ${response.status}`;
}

// Cheap checks of what the widget relies on in the live data (the server is trusted with the rest).
function isEventState(value: unknown): value is EventState {
  return (
    isObject(value) &&
    typeof value.version === "number" &&
    typeof value.name === "string" &&
    ["banners", "links", "tracks", "days", "rooms", "talks"].every((k) => Array.isArray(value[k]))
  );
}

function isStateChange(value: unknown): value is StateChange {
  return (
    isObject(value) &&
    typeof value.version === "number" &&
    typeof value.from === "number" &&
    isObject(value.set)
  );
}

const STREAM_GUARDS: {
  [K in keyof StreamMessages]: (value: unknown) => value is StreamMessages[K];
} = { [STREAM_STATE]: isEventState, [STREAM_CHANGE]: isStateChange };

const UNEXPECTED = "The server sent something unexpected.";

/** Reads an answer: its body when it is a success that looks right, else why not. */
export async function read<T>(
  response: Response,
  looksRight: (value: unknown) => value is T = (value): value is T => value !== undefined,
): Promise<ApiResult<T>> {
  if (!response.ok) {
    return { ok: false, status: response.status, message: await errorMessage(response) };
  }
  const body: unknown = await response.json().catch(() => undefined);
  return looksRight(body)
    ? { ok: true, body }
    : { ok: false, status: response.status, message: UNEXPECTED, unexpected: true };
}

/** GET /api/v1/events/:slug: the whole state of an event. */
export async function fetchEventState(slug: string): Promise<ApiResult<EventState>> {
  const response = await fetch(stateUrl(slug), { headers: { accept: "application/json" } });
  return read(response, isEventState);
}

/** GET /api/v1/events/:slug/stream: the live stream, from `version` when the client has one. */
export function openStream(slug: string, version: number | null): EventSource {
  const from = version === null ? "" : `?lastEventId=${String(version)}`;
  return new EventSource(`${streamUrl(slug)}${from}`);
}

/**
 * Listens to one kind of the stream's messages, with its data parsed; a message whose data does
 * not look like its kind (not JSON, or missing what the widget relies on) is dropped.
 */
export function onStreamMessage<K extends keyof StreamMessages>(
  source: EventSource,
  name: K,
  listener: (data: StreamMessages[K]) => void,
): void {
  const looksRight = STREAM_GUARDS[name] as (value: unknown) => value is StreamMessages[K];
  source.addEventListener(name, (event) => {
    if (!(event instanceof MessageEvent) || typeof event.data !== "string") return;
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    if (looksRight(data)) listener(data);
  });
}
