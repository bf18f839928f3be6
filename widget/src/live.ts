// The event's state, kept live: one fetch of the whole state (compressed), then the Server-Sent
// Events stream of small changes (see shared/api/stream.ts), opened from the version fetched
// (`?lastEventId=`), so that the state crosses the wire once per page load. EventSource
// reconnects by itself and resumes with Last-Event-ID; when it gives up (the server answered
// with an error) we open a new one later, from the version we have.
import { useLayoutEffect, useState } from "preact/hooks";
import type { EventState } from "../../shared/api/event-state.js";
import { applyChange, type StateChange } from "../../shared/api/state-change.js";
import { STREAM_CHANGE, STREAM_STATE } from "../../shared/api/stream.js";
import { fetchEventState, onStreamMessage, openStream } from "./api.js";

export type LiveStatus = "connecting" | "live" | "reconnecting";

export interface LiveSnapshot {
  state: EventState | null;
  status: LiveStatus;
  /** Why there is no state yet (shown instead of the page). */
  error: string | null;
}

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** Keeps `slug`'s state live and reports every new snapshot; returns the function that stops it. */
export function connectLive(slug: string, report: (snapshot: LiveSnapshot) => void): () => void {
  let state: EventState | null = null;
  let status: LiveStatus = "connecting";
  let error: string | null = null;
  let stopped = false;
  let source: EventSource | null = null;
  let fetching = false;
  let fetchAgain = false;
  let retryMs = RETRY_MIN_MS;
  const timers = new Set<number>();

  const emit = (): void => {
    if (!stopped) report({ state, status, error });
  };
  const later = (fn: () => void, ms: number): void => {
    const id = window.setTimeout(() => {
      timers.delete(id);
      if (!stopped) fn();
    }, ms);
    timers.add(id);
  };
  const accept = (next: EventState): void => {
    if (state !== null && next.version < state.version) return;
    state = next;
    error = null;
    emit();
  };

  const load = async (): Promise<void> => {
    if (fetching) {
      fetchAgain = true;
      return;
    }
    fetching = true;
    try {
      const result = await fetchEventState(slug);
      if (!result.ok) {
        throw new Error(
          result.unexpected
            ? result.message
            : result.status === 404
              ? `There is no event “${slug}”.`
              : `HTTP ${result.status}`,
        );
      }
      accept(result.body);
    } catch (e) {
      if (state === null) {
        error = e instanceof Error ? e.message : String(e);
        emit();
        later(() => void load(), RETRY_MAX_MS / 3);
      }
    } finally {
      fetching = false;
      if (fetchAgain) {
        fetchAgain = false;
        void load();
      }
    }
  };

  const onChange = (change: StateChange): void => {
    if (state === null) {
      void load();
      return;
    }
    if (change.version <= state.version) return; // already have it
    const next = applyChange(state, change);
    if (next === null) void load();
    else accept(next);
  };

  const open = (): void => {
    // Without a state (the fetch failed), the stream's first message brings it.
    const es = openStream(slug, state === null ? null : state.version);
    source = es;
    es.addEventListener("open", () => {
      retryMs = RETRY_MIN_MS;
      status = "live";
      emit();
    });
    onStreamMessage(es, STREAM_STATE, (next) => {
      if (state?.version === next.version && error === null) return; // the fetch brought it already
      state = next; // the server's word replaces ours
      error = null;
      emit();
    });
    onStreamMessage(es, STREAM_CHANGE, onChange);
    es.addEventListener("error", () => {
      status = "reconnecting";
      emit();
      if (es.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. an HTTP error): try again ourselves, backing off.
        es.close();
        later(open, retryMs);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      }
    });
  };

  void load().then(() => {
    if (!stopped) open();
  });
  return () => {
    stopped = true;
    source?.close();
    for (const id of timers) window.clearTimeout(id);
  };
}

/** A live event that components can subscribe to; created before the first render so that
 * the state is already on its way while the page boots. */
export interface LiveStore {
  get: () => LiveSnapshot;
  subscribe: (listener: () => void) => () => void;
  stop: () => void;
}

export function createLiveStore(slug: string): LiveStore {
  let snapshot: LiveSnapshot = { state: null, status: "connecting", error: null };
  const listeners = new Set<() => void>();
  const stop = connectLive(slug, (next) => {
    snapshot = next;
    for (const listener of listeners) listener();
  });
  return {
    get: () => snapshot,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop,
  };
}

/** The store's current snapshot, re-rendering on every change. */
export function useLiveStore(store: LiveStore): LiveSnapshot {
  const [snapshot, setSnapshot] = useState(store.get);
  // A layout effect subscribes right after the first commit, without waiting for a frame.
  useLayoutEffect(() => {
    const update = (): void => {
      setSnapshot(store.get());
    };
    update();
    return store.subscribe(update);
  }, [store]);
  return snapshot;
}
