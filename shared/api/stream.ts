// The live stream's wire protocol (Server-Sent Events on GET /api/v1/events/:slug/stream).
//
// - `event: state`  data: EventState   sent first when the client has no usable Last-Event-ID
//                                      (or the server cannot resume from it).
// - `event: change` data: StateChange  one per version; `id:` is the version it brings.
// - comment lines (`: ping`) are heartbeats.
// The SSE `id` of every message is the event version it brings the client to, so a client that
// reconnects with Last-Event-ID gets exactly the changes it missed.
import type { EventState } from "./event-state.js";
import type { StateChange } from "./state-change.js";

export const STREAM_STATE = "state";
export const STREAM_CHANGE = "change";

/** Each named message's data (JSON), by its `event:` name. */
export interface StreamMessages {
  [STREAM_STATE]: EventState;
  [STREAM_CHANGE]: StateChange;
}

export function stateUrl(slug: string): string {
  return `/api/v1/events/${encodeURIComponent(slug)}`;
}

export function streamUrl(slug: string): string {
  return `/api/v1/events/${encodeURIComponent(slug)}/stream`;
}
