// The server's view of every event it has been asked about: ONE LISTEN per process on the
// change channel, a snapshot per event (state, and serialized forms made when first asked
// for), and a bounded history of change messages so that stream clients can resume.
//
// Reads are served from the snapshot without touching the database. A notification
// (slug, version, scope) newer than the snapshot triggers a reload (concurrent triggers share
// it and are coalesced into the next one). The scope says what the change touched (tracks by
// name, whole parts such as bookings or banners): the reload reads only the union of the
// scopes of the versions it catches up on, patches the cached state, and builds the change
// message from what it read, so a command costs the same whatever the event's size. A
// notification without a scope, a version whose notification has not been seen, or a
// failed check makes it read the whole state and diff it instead. Any process that commits a
// change notifies all of them, so every process's cache follows. When a dropped LISTEN
// connection is back, the cached events' versions are compared with the database at once
// (notifications sent meanwhile are lost); a periodic check covers the rest.
import { flushBarrierOf } from "../../shared/db/durability.js";
import type { Kysely } from "kysely";
import type { EventState } from "../../shared/api/event-state.js";
import { diffState, type StateChange } from "../../shared/api/state-change.js";
import { STREAM_CHANGE } from "../../shared/api/stream.js";
import type { Database } from "../../shared/db/schema.js";
import type { Store } from "../../shared/db/open.js";
import { loadEventPatch, loadEventState } from "../../shared/store/event-state.js";
import { publicPatch, publicState } from "../../shared/store/public-links.js";
import { CHANGES_CHANNEL, type ChangeScope } from "../../shared/store/events.js";
import { parseNotification, type ChangeNote } from "./change-notes.js";
import { Snapshot } from "./snapshot.js";
import { patchState } from "./state-patch.js";
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

/** What reloads read: whole states, scoped reads, and within those, what they covered. */
export interface ReloadsByScope {
  /** Whole states read (first loads, changes without a scope, catch-ups). */
  full: number;
  /** Scoped reads (each reads the event's row and what its scope names). */
  scoped: number;
  /** Scoped reads that could not be applied (a version's scope was not known yet). */
  discarded: number;
  /** Track states read by scoped reads. */
  tracks: number;
  /** Whole parts read by scoped reads, by part. */
  parts: Record<string, number>;
}

export interface FeedStats {
  notifications: number;
  reloads: number;
  reloadErrors: number;
  reloadsByScope: ReloadsByScope;
}

interface Entry {
  readonly slug: string;
  snapshot: Snapshot | undefined;
  history: FeedChange[];
  readonly subscribers: Set<Subscriber>;
  loading: Promise<void> | null;
  /** Notifications of versions newer than the snapshot, with what each changed. */
  notes: ChangeNote[];
  /** Read the whole state next time (a check found a version no notification named). */
  full: boolean;
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

export class ChangeFeed {
  readonly stats: FeedStats = {
    notifications: 0,
    reloads: 0,
    reloadErrors: 0,
    reloadsByScope: { full: 0, scoped: 0, discarded: 0, tracks: 0, parts: {} },
  };
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
        notes: [],
        full: false,
        again: false,
        retryTimer: null,
        retryMs: 0,
      };
      this.entries.set(slug, entry);
    }
    try {
      if (entry.snapshot !== undefined) entry.full = true;
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
    entry.notes.push(note);
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
          await this.catchUp(entry);
        } while (askedAgain(entry) && !this.isClosed());
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

  /** One read: scoped when the notifications since the snapshot say what changed, else whole. */
  private async catchUp(entry: Entry): Promise<void> {
    const base = entry.snapshot;
    if (base !== undefined) entry.notes = entry.notes.filter((n) => n.version > base.version);
    // The read covers the notes known now: ones arriving during it are for the next read.
    const notes = [...entry.notes];
    const scope = base === undefined || entry.full ? undefined : unionScope(notes);
    if (scope === undefined) {
      entry.full = false;
      const read = await loadEventState(this.db, entry.slug);
      await this.durable();
      const state = read === undefined ? undefined : publicState(read);
      this.stats.reloads++;
      this.stats.reloadsByScope.full++;
      if (this.isClosed()) return;
      this.apply(entry, state);
      return;
    }
    if (scope === null) return; // nothing newer than the snapshot
    const read = await loadEventPatch(this.db, entry.slug, scope);
    await this.durable();
    const patch = read === undefined ? undefined : publicPatch(read);
    this.stats.reloads++;
    this.countScoped(scope);
    if (this.isClosed() || entry.snapshot !== base || base === undefined) return;
    if (patch === undefined) {
      this.apply(entry, undefined);
      return;
    }
    const version = patch.head.version;
    if (version <= base.version) return;
    if (!covers(notes, base.version, version)) {
      // The read saw a commit whose notification had not come when it started: what it
      // changed may be outside what was read. Its notification brings another read (a lost
      // one, the version check).
      this.stats.reloadsByScope.discarded++;
      return;
    }
    const patched = patchState(base.state, patch);
    if (patched === null) {
      entry.full = true;
      entry.again = true;
      return;
    }
    this.publish(entry, new Snapshot(patched.state), patched.change);
  }

  /**
   * Waits until what a read saw is on disk: a command commits before its flush
   * (shared/db/durability.ts), and viewers must never see a version a database crash undoes.
   */
  private async durable(): Promise<void> {
    await flushBarrierOf(this.db)?.flush();
  }

  private countScoped(scope: ChangeScope): void {
    const counts = this.stats.reloadsByScope;
    counts.scoped++;
    counts.tracks += new Set(scope.tracks).size;
    for (const part of new Set(scope.parts)) counts.parts[part] = (counts.parts[part] ?? 0) + 1;
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
    const snapshot = new Snapshot(state);
    if (previous === undefined) {
      entry.snapshot = snapshot;
      return;
    }
    this.publish(entry, snapshot, diffState(previous.state, state));
  }

  /** Makes a newer snapshot current and sends the change that leads to it. */
  private publish(entry: Entry, snapshot: Snapshot, change: StateChange): void {
    entry.snapshot = snapshot;
    entry.notes = entry.notes.filter((n) => n.version > snapshot.version);
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
        const version = versions.get(entry.slug);
        const known = entry.snapshot?.version;
        if (version !== known && !this.isClosed()) {
          // A version no notification named (or an event gone or made again): read it whole.
          if (
            version === undefined ||
            known === undefined ||
            !covers(entry.notes, known, version)
          ) {
            entry.full = true;
          }
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

/**
 * The union of the notes' scopes: undefined when one of them does not say (read everything),
 * null when there are none.
 */
function unionScope(notes: readonly ChangeNote[]): ChangeScope | undefined | null {
  if (notes.length === 0) return null;
  const tracks = new Set<string>();
  const parts = new Set<NonNullable<ChangeScope["parts"]>[number]>();
  for (const note of notes) {
    if (note.scope === undefined) return undefined;
    for (const t of note.scope.tracks ?? []) tracks.add(t);
    for (const p of note.scope.parts ?? []) parts.add(p);
  }
  return { tracks: [...tracks], parts: [...parts] };
}

/** Whether the notes name every version after `from` up to `to`. */
function covers(notes: readonly ChangeNote[], from: number, to: number): boolean {
  if (to < from || to - from > notes.length) return false;
  const seen = new Set(notes.map((n) => n.version));
  for (let v = from + 1; v <= to; v++) if (!seen.has(v)) return false;
  return true;
}
