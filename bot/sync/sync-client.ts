// matrix-bot-sdk's MatrixClient with the bot's own sync loop, which the SDK's does not give:
//
// - the sync token is saved only after every event of the batch has been handled, so events
//   that arrived while the bot was down, or while it crashed mid-batch, are delivered again
//   (the command log turns the ones already applied into no-ops);
// - a batch whose handling failed (e.g. the homeserver did not take a reply) is fetched again
//   from the same token, a few times, instead of being skipped;
// - a "limited" timeline (more events than the filter's limit since the last sync) is completed
//   from /messages, so no command is lost after a long downtime;
// - every request is retried after the wait a 429 asks for (see rate-limit.ts);
// - a homeserver that is down or restarting is waited out, however long, with a back-off capped
//   at 10 s, and the batch in hand is fetched again (never given up) until its replies are sent;
// - stopping waits for the batch in hand, and a stopped client never processes another one.
import { setTimeout as sleep } from "node:timers/promises";
import { MatrixClient } from "matrix-bot-sdk";
import type { BotLog } from "../matrix/log.js";
import { describeError } from "../matrix/log.js";
import {
  isOwnJoin,
  parseMessagesPage,
  parseSyncResponse,
  type JoinedRoomUpdate,
  type RoomEvent,
  type SyncBatch,
} from "../matrix/matrix-events.js";
import { httpStatusOf } from "../matrix/matrix-errors.js";
import { insidePace, unpaced, type Pace } from "./pacing.js";
import { retryRateLimited } from "./rate-limit.js";
import type { DatabaseStorageProvider } from "./storage.js";

/** The timeline event types the bot looks at; everything else stays on the homeserver. */
export const TIMELINE_TYPES = [
  "m.room.message",
  "m.room.member",
  "m.room.power_levels",
  "m.room.create",
  "m.room.join_rules",
  "m.room.encryption",
  "m.room.encrypted",
];

export function syncFilter(timelineLimit: number): Record<string, unknown> {
  return {
    presence: { not_types: ["*"] },
    account_data: { types: ["m.direct"] },
    room: {
      timeline: { limit: timelineLimit, types: TIMELINE_TYPES },
      state: { not_types: ["*"] },
      ephemeral: { not_types: ["*"] },
      account_data: { not_types: ["*"] },
    },
  };
}

/** How many missed events of one room the bot fetches after a gap, at most. */
const MAX_GAP_EVENTS = 1000;
/** After this many failed attempts at one batch, it is given up (logged) so that others proceed. */
const MAX_BATCH_ATTEMPTS = 5;

export interface BatchInfo {
  /** True for the first sync of a fresh bot state: what it returns is history, not news. */
  initial: boolean;
}

export interface SyncClientOptions {
  storage: DatabaseStorageProvider;
  log: BotLog;
  userId: string;
  onBatch: (batch: SyncBatch, info: BatchInfo) => Promise<void>;
  timelineLimit: number;
  /** Paces the /messages requests that fill gaps (bot/sync/pacing.ts). */
  pace?: Pace;
  /**
   * Resolves once what the batches handled so far brought is stored (room state read at the
   * pace, bot/rooms/room-state-store.ts). The next sync does not wait for it; the sync token is
   * saved only then, so that a process that stops before replays those batches.
   */
  stored?: () => Promise<void>;
  /** Told of every request as it is sent, and whether it went through the pace (tests). */
  onRequest?: (method: string, endpoint: string, paced: boolean) => void;
}

/** The longest wait between two attempts: a homeserver back after a restart is seen within it. */
export const MAX_BACKOFF_MS = 10_000;

const backoffMs = (failures: number): number =>
  Math.min(1000 * 2 ** (Math.min(failures, 20) - 1), MAX_BACKOFF_MS);

/** Socket errors of a homeserver that is not there or went away. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

/**
 * Whether a failure only says that the homeserver cannot be reached right now (down, restarting,
 * behind a proxy that answers 502-504): waited out however long it lasts, never given up on.
 */
export function isHomeserverUnreachable(error: unknown): boolean {
  if (error instanceof AggregateError) {
    return error.errors.length > 0 && error.errors.every(isHomeserverUnreachable);
  }
  const status = httpStatusOf(error);
  if (status !== null) return status === 502 || status === 503 || status === 504;
  if (typeof error !== "object" || error === null) return false;
  const { code, cause, message } = error as { code?: unknown; cause?: unknown; message?: unknown };
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  if (typeof message === "string" && /socket hang up|ECONNREFUSED|ECONNRESET/.test(message)) {
    return true;
  }
  return cause !== undefined && cause !== error && isHomeserverUnreachable(cause);
}

export class BotMatrixClient extends MatrixClient {
  /** The token of the last batch handled completely (what the database holds); undefined: to read. */
  private committed: string | null | undefined = undefined;
  private generation = 0;
  private running = false;
  /** Set by standBy(): requests that would act (anything but GET) are refused until start(). */
  private fenced = false;
  private inFlight: Promise<void> | null = null;
  /** The sync tokens on their way to the database, one after the other. */
  private saving: Promise<void> = Promise.resolve();
  private abort = new AbortController();
  private readonly filterJson: string;
  private readonly roomFilterJson: string;

  constructor(
    homeserverUrl: string,
    accessToken: string,
    private readonly options: SyncClientOptions,
  ) {
    super(homeserverUrl, accessToken, options.storage);
    this.filterJson = JSON.stringify(syncFilter(options.timelineLimit));
    this.roomFilterJson = JSON.stringify({ types: TIMELINE_TYPES });
  }

  /**
   * Every request: retried after the wait a rate limit asks for. While the instance stands by
   * (it lost its lock), nothing is sent: only reads go out, so that the batch in hand can no
   * longer reply, notify or change a room once another instance may be acting.
   */
  override doRequest(
    method: unknown,
    endpoint: unknown,
    qs?: unknown,
    body?: unknown,
    timeout?: number,
    raw?: boolean,
    contentType?: string,
    noEncoding?: boolean,
  ): Promise<unknown> {
    if (this.fenced && method !== "GET") {
      return Promise.reject(
        new Error("This bot instance is standing by (it lost its instance lock): nothing sent"),
      );
    }
    this.options.onRequest?.(String(method), String(endpoint), insidePace());
    return retryRateLimited(
      () => super.doRequest(method, endpoint, qs, body, timeout, raw, contentType, noEncoding),
      (waitMs, attempt) => {
        this.options.log.warn(
          `Rate limited on ${String(method)} ${String(endpoint)}: retry ${attempt} in ${waitMs} ms`,
        );
      },
    );
  }

  /**
   * One request, not retried on a rate limit: for callers that pace themselves by what the
   * homeserver answers (room creation, bot/rooms/track-room-creator.ts). Fenced like doRequest.
   */
  requestOnce(method: "GET" | "POST" | "PUT", endpoint: string, body?: unknown): Promise<unknown> {
    if (this.fenced && method !== "GET") {
      return Promise.reject(
        new Error("This bot instance is standing by (it lost its instance lock): nothing sent"),
      );
    }
    return super.doRequest(method, endpoint, null, body);
  }

  /** Starts the sync loop from the saved token. */
  override start(): Promise<void> {
    if (this.running) return Promise.resolve();
    // Read again at every start: another instance may have moved on meanwhile.
    this.committed = undefined;
    this.fenced = false;
    this.running = true;
    this.abort = new AbortController();
    const generation = ++this.generation;
    void this.loop(generation);
    return Promise.resolve();
  }

  /** Signals the loop to stop; `halt()` also waits for the batch in hand. */
  override stop(): void {
    this.running = false;
    this.generation++;
    this.abort.abort();
    super.stop();
  }

  /**
   * Stops acting at once: no new batch, and the batch in hand can no longer send anything (its
   * replies fail, so its events stay unconfirmed and are read again by whoever acts next).
   */
  standBy(): void {
    this.fenced = true;
    this.stop();
  }

  async halt(): Promise<void> {
    this.stop();
    await this.inFlight?.catch(() => undefined);
  }

  private current(generation: number): boolean {
    return this.running && generation === this.generation;
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }

  private async loop(generation: number): Promise<void> {
    const { log } = this.options;
    let syncFailures = 0;
    let batchFailures = 0;
    /** Attempts at the batch in hand, counted or not, for the back-off. */
    let outageRetries = 0;
    while (this.current(generation)) {
      let raw: unknown;
      try {
        this.committed ??= await this.options.storage.getSyncToken();
        raw = await this.syncOnce(this.committed);
        if (syncFailures > 0)
          log.info(`The homeserver answers again after ${syncFailures} failed syncs`);
        syncFailures = 0;
      } catch (error) {
        if (!this.current(generation)) return;
        syncFailures++;
        const wait = backoffMs(syncFailures);
        if (syncFailures === 1 && isHomeserverUnreachable(error)) {
          log.warn("The homeserver cannot be reached; the bot waits for it and then catches up");
        }
        const message = `Sync failed (${describeError(error)}); retrying in ${wait} ms`;
        // A revoked or wrong access token needs the operator.
        if (httpStatusOf(error) === 401) log.error(message);
        else log.warn(message);
        await this.pause(wait);
        continue;
      }
      if (!this.current(generation)) return; // a stopped bot does not touch what it received
      let batch: SyncBatch | undefined;
      const handling = (async () => {
        batch = parseSyncResponse(raw, this.options.userId);
        await this.handle(batch);
      })();
      this.inFlight = handling;
      try {
        await handling;
        batchFailures = 0;
        outageRetries = 0;
      } catch (error) {
        // Only failures the homeserver answered count towards giving up: an outage, however
        // long, is waited out so that no reply is lost.
        if (!isHomeserverUnreachable(error)) batchFailures++;
        const failed = batch;
        if (failed !== undefined && batchFailures >= MAX_BATCH_ATTEMPTS) {
          log.error(
            `Giving up on a sync batch after ${batchFailures} attempts (${describeError(error)}); ` +
              `some replies may be missing`,
          );
          await this.commit(failed.nextBatch);
          batchFailures = 0;
        } else if (this.current(generation)) {
          const wait = backoffMs(Math.max(batchFailures, ++outageRetries));
          log.warn(
            `Handling a sync batch failed (${describeError(error)}); fetching it again in ${wait} ms`,
          );
          await this.pause(wait);
        }
      } finally {
        this.inFlight = null;
      }
    }
  }

  private syncOnce(since: string | null): Promise<unknown> {
    const qs: Record<string, string | number | boolean> = {
      filter: this.filterJson,
      full_state: false,
      timeout: since === null ? 0 : Math.max(0, this.syncingTimeout),
    };
    if (since !== null) qs.since = since;
    return this.doRequest("GET", "/_matrix/client/v3/sync", qs, null, this.syncingTimeout + 30_000);
  }

  private async handle(batch: SyncBatch): Promise<void> {
    const since = this.committed ?? null;
    if (since !== null) {
      for (const room of batch.joined) await this.fillGap(room, since);
    }
    await this.options.onBatch(batch, { initial: since === null });
    await this.commit(batch.nextBatch);
  }

  /**
   * Moves on to `token`: the next sync reads from it at once; the database saves it once what the
   * batch brought is stored (options.stored), in order. If the database cannot save it, the bot
   * still moves on (so that a database outage does not replay the same batch, and its replies,
   * over and over); the next batch saves a newer token. An instance that stands by (it lost its
   * lock) saves nothing more: the one that took over has moved on.
   */
  private commit(token: string): Promise<void> {
    this.committed = token;
    const stored = this.options.stored?.().catch(() => undefined) ?? Promise.resolve();
    this.saving = this.saving
      .then(() => stored)
      .then(async () => {
        if (this.fenced) return;
        try {
          await this.options.storage.setSyncToken(token);
        } catch (error) {
          this.options.log.warn(`Could not save the sync token: ${describeError(error)}`);
        }
      });
    return this.options.stored === undefined ? this.saving : Promise.resolve();
  }

  /** Resolves once every token moved on to so far is saved (or given up). */
  saved(): Promise<void> {
    return this.saving;
  }

  /** Prepends to a limited timeline the events the homeserver left out since `since`. */
  private async fillGap(room: JoinedRoomUpdate, since: string): Promise<void> {
    if (!room.limited || room.prevBatch === undefined) return;
    // The timeline starts at the room's creation: nothing is missing.
    if (room.events.some((e) => e.type === "m.room.create")) return;
    const pace = this.options.pace ?? unpaced;
    const older: RoomEvent[] = [];
    let from = room.prevBatch;
    for (;;) {
      const page = parseMessagesPage(
        await pace(() =>
          this.doRequest(
            "GET",
            `/_matrix/client/v3/rooms/${encodeURIComponent(room.roomId)}/messages`,
            { dir: "b", from, to: since, limit: 100, filter: this.roomFilterJson },
          ),
        ),
      );
      older.push(...page.chunk);
      // Nothing before the bot's own join can be a command for it.
      if (page.chunk.some((e) => isOwnJoin(e, this.options.userId))) break;
      if (page.end === undefined || page.chunk.length === 0) break;
      if (older.length >= MAX_GAP_EVENTS) {
        this.options.log.warn(
          `More than ${MAX_GAP_EVENTS} events missed in ${room.roomId}; older ones are skipped`,
        );
        break;
      }
      from = page.end;
    }
    const known = new Set(room.events.map((e) => e.eventId));
    const missing = older.reverse().filter((e) => !known.has(e.eventId));
    if (missing.length > 0) {
      this.options.log.info(`Fetched ${missing.length} missed events in ${room.roomId}`);
      room.events = [...missing, ...room.events];
    }
  }
}
