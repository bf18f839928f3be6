// The server's view of every event it has been asked about: ONE LISTEN per process on the
// change channel, a snapshot per event (state + serialized forms), and a bounded history of
// change messages so that stream clients can resume.
//
// Reads are served from the snapshot without touching the database. A notification
// (slug, version) newer than the snapshot triggers one reload (concurrent triggers share it),
// a diff against the previous snapshot, and a broadcast to the event's subscribers. Any
// process that commits a change notifies all of them, so every process's cache follows.
// When a dropped LISTEN connection is back, the cached events' versions are compared with the
// database at once (notifications sent meanwhile are lost); a periodic check covers the rest.
import type { Kysely } from "kysely";
import type { EventState } from "../shared/api/event-state.js";
import { diffState, type StateChange } from "../shared/api/state-change.js";
import { STREAM_CHANGE } from "../shared/api/stream.js";
import type { Database } from "../shared/db/schema.js";
import type { Store } from "../shared/db/open.js";
import { loadEventState } from "../shared/store/event-state.js";
import { CHANGES_CHANNEL } from "../shared/store/events.js";
import { Snapshot } from "./snapshot.js";
import { sseFrame } from "./sse-frames.js";

/** A change message, with its SSE frame built once for all subscribers. */
export interface FeedChange {
  readonly change: StateChange;
  readonly frame: Buffer;
}

export type FeedEvent = { kind: "change"; change: FeedChange } | { kind: "gone" };
export type Subscriber = (event: FeedEvent) => void;

export interface ChangeFeedOptions {
  /** How many change messages to keep per event for resuming streams. */
  historySize?: number;
  /** How often to compare cached versions with the database (0: never). */
  verifyIntervalMs?: number;
  /** First delay before retrying a failed reload (doubles up to 30 s). */
  retryMs?: number;
  onError?: (error: unknown, slug: string) => void;
}

export interface FeedStats {
  notifications: number;
  reloads: number;
  reloadErrors: number;
}

interface Entry {
  readonly slug: string;
  snapshot: Snapshot | undefined;
  history: FeedChange[];
  readonly subscribers: Set<Subscriber>;
  loading: Promise<void> | null;
  /** Set when a reload was asked for while one was running: run another one after it. */
  again: boolean;
  retryTimer: NodeJS.Timeout | null;
  retryMs: number;
}

const MAX_RETRY_MS = 30_000;

/** Read through a call: the flag changes during the awaits of a reload. */
const askedAgain = (entry: Entry): boolean => entry.again;

/** Thrown when an event's state cannot be read because the store is not reachable. */
export class StoreUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(cause: unknown) {
    super("The event store is not reachable", { cause });
    this.name = "StoreUnavailableError";
  }
}

function parseNotification(payload: string): { slug: string; version: number } | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== "object" || value === null) return null;
    const { slug, version } = value as Record<string, unknown>;
    return typeof slug === "string" && typeof version === "number" ? { slug, version } : null;
  } catch {
    return null;
  }
}

export class ChangeFeed {
  readonly stats: FeedStats = { notifications: 0, reloads: 0, reloadErrors: 0 };
  private readonly entries = new Map<string, Entry>();
  private readonly historySize: number;
  private readonly retryMs: number;
  private unlisten: (() => Promise<void>) | null = null;
  private verifyTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly options: ChangeFeedOptions,
  ) {
    this.historySize = Math.max(1, options.historySize ?? 500);
    this.retryMs = options.retryMs ?? 1_000;
  }

  /** Starts listening; the feed is ready when this resolves. */
  static async open(store: Store, options: ChangeFeedOptions = {}): Promise<ChangeFeed> {
    const feed = new ChangeFeed(store.db, options);
    feed.unlisten = await store.listen(
      CHANGES_CHANNEL,
      (payload) => {
        feed.onNotification(payload);
      },
      // Notifications sent while LISTEN was down are lost: compare versions at once.
      { onReconnect: () => void feed.verify() },
    );
    const every = options.verifyIntervalMs ?? 30_000;
    if (every > 0) {
      feed.verifyTimer = setInterval(() => void feed.verify(), every);
      feed.verifyTimer.unref();
    }
    return feed;
  }

  /** How many events are cached. */
  get size(): number {
    return this.entries.size;
  }

  /** The cached snapshot, without any I/O. */
  current(slug: string): Snapshot | undefined {
    return this.entries.get(slug)?.snapshot;
  }

  /** The event's current snapshot: from the cache, else loaded. Undefined for an unknown event. */
  async snapshot(slug: string): Promise<Snapshot | undefined> {
    const entry = this.entries.get(slug);
    if (entry?.snapshot !== undefined) return entry.snapshot;
    if (entry?.loading) {
      // A first load is under way: any fresh read will do, share it.
      await entry.loading.catch(() => undefined);
      const loaded = this.entries.get(slug)?.snapshot;
      if (loaded !== undefined) return loaded;
    }
    return this.refresh(slug);
  }

  /** Reloads the event now (sharing a reload in progress) and returns its snapshot. */
  async refresh(slug: string): Promise<Snapshot | undefined> {
    if (this.closed) throw new StoreUnavailableError(new Error("the change feed is closed"));
    let entry = this.entries.get(slug);
    if (entry === undefined) {
      entry = {
        slug,
        snapshot: undefined,
        history: [],
        subscribers: new Set(),
        loading: null,
        again: false,
        retryTimer: null,
        retryMs: 0,
      };
      this.entries.set(slug, entry);
    }
    try {
      await this.reload(entry);
    } catch (error) {
      // Only a first load fails here; a failed reload keeps serving the previous snapshot.
      if (this.entries.get(slug) === entry && entry.snapshot === undefined) {
        this.entries.delete(slug);
      }
      throw new StoreUnavailableError(error);
    }
    return this.entries.get(slug)?.snapshot;
  }

  /**
   * The change messages that bring a client from `version` to the current snapshot: empty
   * when it is current, null when the history cannot (send it the whole state instead).
   */
  changesSince(slug: string, version: number): readonly FeedChange[] | null {
    const entry = this.entries.get(slug);
    if (entry?.snapshot === undefined) return null;
    if (version === entry.snapshot.version) return [];
    const start = entry.history.findIndex((c) => c.change.from === version);
    return start < 0 ? null : entry.history.slice(start);
  }

  /** Calls `subscriber` with every later change of a cached event; returns the unsubscribe. */
  subscribe(slug: string, subscriber: Subscriber): () => void {
    const entry = this.entries.get(slug);
    if (entry?.snapshot === undefined) throw new Error(`Event ${slug} is not loaded`);
    entry.subscribers.add(subscriber);
    return () => {
      entry.subscribers.delete(subscriber);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.verifyTimer !== null) clearInterval(this.verifyTimer);
    for (const entry of this.entries.values()) {
      if (entry.retryTimer !== null) clearTimeout(entry.retryTimer);
      entry.subscribers.clear();
    }
    await Promise.allSettled([...this.entries.values()].flatMap((e) => e.loading ?? []));
    this.entries.clear();
    const unlisten = this.unlisten;
    this.unlisten = null;
    if (unlisten !== null) await unlisten();
  }

  /** A method, not the field, so that checks after an await are not narrowed away. */
  private isClosed(): boolean {
    return this.closed;
  }

  private onNotification(payload: string): void {
    this.stats.notifications++;
    const note = parseNotification(payload);
    if (note === null || this.closed) return;
    const entry = this.entries.get(note.slug);
    if (entry === undefined) return; // nobody asked about this event: nothing to refresh
    if (entry.snapshot !== undefined && note.version <= entry.snapshot.version) return;
    this.reload(entry).catch(() => {
      // Counted and retried by reload().
    });
  }

  private reload(entry: Entry): Promise<void> {
    if (entry.loading !== null) {
      entry.again = true;
      return entry.loading;
    }
    const run = async (): Promise<void> => {
      try {
        do {
          entry.again = false;
          const state = await loadEventState(this.db, entry.slug);
          this.stats.reloads++;
          if (this.isClosed()) return;
          this.apply(entry, state);
        } while (askedAgain(entry));
        entry.retryMs = 0;
      } catch (error) {
        this.stats.reloadErrors++;
        this.options.onError?.(error, entry.slug);
        if (entry.snapshot !== undefined) this.scheduleRetry(entry);
        throw error;
      } finally {
        entry.loading = null;
      }
    };
    entry.loading = run();
    return entry.loading;
  }

  private scheduleRetry(entry: Entry): void {
    if (this.closed || entry.retryTimer !== null) return;
    entry.retryMs = Math.min(Math.max(entry.retryMs * 2, this.retryMs), MAX_RETRY_MS);
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = null;
      if (this.entries.get(entry.slug) === entry) {
        this.reload(entry).catch(() => {
          // Retried again by reload().
        });
      }
    }, entry.retryMs);
    entry.retryTimer.unref();
  }

  private apply(entry: Entry, state: EventState | undefined): void {
    if (state === undefined) {
      // The event is gone: end its streams and forget it.
      this.entries.delete(entry.slug);
      entry.snapshot = undefined;
      entry.history = [];
      this.broadcast(entry, { kind: "gone" });
      entry.subscribers.clear();
      return;
    }
    const previous = entry.snapshot;
    if (previous !== undefined && state.version <= previous.version) return;
    entry.snapshot = new Snapshot(state);
    if (previous === undefined) return;
    const change = diffState(previous.state, state);
    const feedChange: FeedChange = {
      change,
      frame: sseFrame(STREAM_CHANGE, change.version, JSON.stringify(change)),
    };
    entry.history.push(feedChange);
    if (entry.history.length > this.historySize) entry.history.shift();
    this.broadcast(entry, { kind: "change", change: feedChange });
  }

  private broadcast(entry: Entry, event: FeedEvent): void {
    for (const subscriber of [...entry.subscribers]) {
      try {
        subscriber(event);
      } catch (error) {
        this.options.onError?.(error, entry.slug);
      }
    }
  }

  /** Reloads cached events whose version in the database differs from the cached one. */
  private async verify(): Promise<void> {
    const cached = [...this.entries.values()].filter((e) => e.snapshot !== undefined);
    if (cached.length === 0 || this.closed) return;
    try {
      const rows = await this.db
        .selectFrom("events")
        .select(["slug", "version"])
        .where(
          "slug",
          "in",
          cached.map((e) => e.slug),
        )
        .execute();
      const versions = new Map(rows.map((r) => [r.slug, r.version]));
      for (const entry of cached) {
        if (versions.get(entry.slug) !== entry.snapshot?.version && !this.isClosed()) {
          this.reload(entry).catch(() => {
            // Retried by reload().
          });
        }
      }
    } catch (error) {
      this.options.onError?.(error, "*");
    }
  }
}
