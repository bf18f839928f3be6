// The Matrix adapter: connects the bot account, becomes the active instance, and reads the
// rooms it is in. Commands go to the core (shared/commands); replies, notifications and widgets
// come back through here.
import { MatrixClient } from "matrix-bot-sdk";
import { helpUrl, type Config } from "../shared/config.js";
import { FOLLOWS_CHANNEL } from "../shared/store/follows.js";
import { OUTBOX_CHANNEL } from "../shared/store/outbox.js";
import type { Store } from "../shared/db/open.js";
import { Actors } from "./rooms/actor.js";
import type { BotContext } from "./context.js";
import { currentRoom } from "./bridges/bridged-users.js";
import { DirectRoomPreparer } from "./delivery/direct-prepare.js";
import { DirectRoomStates } from "./delivery/direct-room-states.js";
import { DirectRooms } from "./delivery/direct-rooms.js";
import { BotCrypto } from "./crypto/bot-crypto.js";
import { setRoomEncryptor } from "./crypto/room-encryptor.js";
import { firstReadingFrom } from "./sync/first-sync.js";
import { Dispatcher } from "./inbound/dispatch.js";
import { EncryptedRooms } from "./inbound/encrypted-rooms.js";
import { holdInstanceLock } from "./sync/instance-lock.js";
import { serverNameOf } from "./inbound/invites.js";
import { whoAmIWhenReachable } from "./sync/whoami.js";
import { describeError, processBotLog, routeSdkLog, type BotLog } from "./matrix/log.js";
import { JoinWaiters, membershipFromState } from "./delivery/join-waiters.js";
import { DIRECT_JOIN_BOUND_MS } from "./delivery/notify.js";
import { MatrixOutbox, type OutboxHooks } from "./delivery/outbox.js";
import { pacer } from "./sync/pacing.js";
import { KeyedQueue } from "./matrix/queue.js";
import { ReminderScheduler } from "./delivery/reminders.js";
import { NoticeFlusher } from "./delivery/notice-flusher.js";
import { RoomSnapshots } from "./bridges/room-snapshots.js";
import { RoomStateStore } from "./rooms/room-state-store.js";
import { SyncHeartbeat } from "./sync/sync-heartbeat.js";
import { DatabaseStorageProvider } from "./sync/storage.js";
import { BotMatrixClient } from "./sync/sync-client.js";
import { TrackRoomCreator, type TrackRoomHooks } from "./rooms/track-room-creator.js";
import { TRACK_ROOMS_CHANNEL } from "../shared/store/track-room-jobs.js";

export interface StartBotOptions {
  store: Store;
  config: Config;
  log?: BotLog;
  /** How long one /sync waits for news (default 30 s). */
  syncTimeoutMs?: number;
  /** How often a standby instance tries to take over on PostgreSQL (default 2 s). */
  lockRetryMs?: number;
  /** How often the active instance checks its lock's connection (default 5 s). */
  lockHeartbeatMs?: number;
  /** Events per room per sync before the bot fetches the rest from /messages (default 50). */
  timelineLimit?: number;
  /** Gives up waiting to become the active instance. */
  signal?: AbortSignal;
  /** Test hooks into the outbox's delivery. */
  outboxHooks?: OutboxHooks;
  /** The clock of the reminder scheduler, and how often it looks (tests set them). */
  reminders?: { now?: () => Date; intervalMs?: number };
  /** The clock of the change-notice flusher, and how often it looks (tests set them). */
  notices?: { now?: () => Date; intervalMs?: number };
  /**
   * How long after inviting a bridged user's puppet to a direct room a notification waits for
   * its join (default DIRECT_JOIN_BOUND_MS, 30 s).
   */
  directJoinBoundMs?: number;
  /** Test hooks into the creation of track rooms. */
  trackRoomHooks?: TrackRoomHooks;
  /** Told of every request to the homeserver, and whether it was paced (tests). */
  onRequest?: (method: string, endpoint: string, paced: boolean) => void;
  /** Called each time the bot is about to begin reading, after it noted the time (tests). */
  beforeReading?: () => Promise<void>;
  /**
   * When the process started (ms since the epoch): what the first sync of a new database holds
   * from then on is news, answered (first-sync.ts). Default: when startBot is called.
   */
  startedAt?: number;
}

export interface RunningBot {
  /** The SDK client (for sending, reading state); the bot runs its own sync loop on it. */
  client: MatrixClient;
  /** The bot's Matrix user id. */
  userId: string;
  /** Stops reading (after the batch in hand), releases the instance lock. Keeps the store open. */
  stop(): Promise<void>;
}

function aborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal === undefined) return;
    const fail = (): void => {
      reject(new Error("Stopped while waiting to become the active bot instance"));
    };
    if (signal.aborted) fail();
    else signal.addEventListener("abort", fail, { once: true });
  });
}

/**
 * Starts the Matrix bot. Resolves once this instance is the active one for the account (on
 * PostgreSQL it may first wait for another instance to stop) and is reading its rooms.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { store, config } = options;
  const startedAt = options.startedAt ?? Date.now();
  if (config.matrix === null) {
    throw new Error("MATRIX_HOMESERVER_URL and MATRIX_ACCESS_TOKEN must be set to run the bot");
  }
  const { homeserverUrl, accessToken } = config.matrix;
  const log = options.log ?? processBotLog(config.logLevel);
  routeSdkLog(log, config.logLevel === "debug" || config.logLevel === "trace");

  // Every request of the start is paced, these two included (bot/sync/pacing.ts).
  const pace = pacer(config.matrixRequestsPerSecond);
  const userId = await pace(() =>
    whoAmIWhenReachable(
      homeserverUrl,
      accessToken,
      (m) => {
        log.warn(m);
      },
      options.signal,
    ),
  );
  const storage = new DatabaseStorageProvider(store.db, userId);
  const heartbeat = new SyncHeartbeat(store.db, userId, log);
  /** The room state of the batches handled so far, being stored (then the heartbeat). */
  let storing: Promise<void> = Promise.resolve();
  const client = new BotMatrixClient(homeserverUrl, accessToken, {
    storage,
    log,
    userId,
    timelineLimit: options.timelineLimit ?? 50,
    pace,
    onRequest: options.onRequest,
    // Handled; its room state is stored behind it, at the pace where a room must be read first
    // (a start in a thousand rooms), so that the next batch's commands do not wait for that. Once
    // stored, the sync token is saved (stored) and the heartbeat says the stored power is fresh
    // as of this batch.
    onBatch: async (batch, info): Promise<void> => {
      const handledAt = Date.now();
      await dispatcher.onBatch(batch, info);
      storing = roomState
        .idle()
        .catch(() => undefined)
        .then(() => heartbeat.beat(handledAt));
    },
    stored: () => storing,
  });
  client.syncingTimeout = options.syncTimeoutMs ?? 30_000;
  const roomState: RoomStateStore = new RoomStateStore(store.db, client, log, pace);
  // End-to-end encryption (bot/crypto/): started only once an encrypted room needs it.
  const crypto: BotCrypto = new BotCrypto({
    client,
    db: store.db,
    userId,
    log,
    enabled: config.e2ee,
    knowsEncryptedRooms: (): boolean => encrypted.any,
  });
  const encrypted: EncryptedRooms = new EncryptedRooms(
    (): boolean => crypto.usable,
    () => crypto.prepare(),
  );
  setRoomEncryptor(client, (roomId, event) =>
    encrypted.isEncrypted(roomId) && crypto.usable
      ? crypto.encrypt(roomId, event)
      : Promise.resolve(event),
  );
  const bot: BotContext = {
    client,
    db: store.db,
    config,
    log,
    userId,
    serverName: serverNameOf(userId),
    helpUrl: helpUrl(config),
    direct: new DirectRooms(client, log),
    encrypted,
    crypto,
    actors: new Actors(client, roomState),
    directStates: new DirectRoomStates(store.db),
    pace,
    people: new KeyedQueue(),
    rooms: new RoomSnapshots((roomId) => currentRoom(bot, roomId)),
    joins: new JoinWaiters(membershipFromState(client)),
    directJoinBoundMs: options.directJoinBoundMs ?? DIRECT_JOIN_BOUND_MS,
  };
  // The outbox (bot/delivery/outbox.ts): delivered by the active instance, at start and on NOTIFY.
  const outbox = new MatrixOutbox(bot, options.outboxHooks);
  // Reminders for followed tracks (bot/delivery/reminders.ts), queued by the active instance only.
  const reminders = new ReminderScheduler({
    db: store.db,
    leadMinutes: config.reminderMinutes,
    bridgedUsers: config.bridgedUsers,
    log,
    ...options.reminders,
  });
  // Followers' change notices (bot/delivery/notice-flusher.ts), sent by the active instance only.
  const notices = new NoticeFlusher({
    db: store.db,
    bridgedUsers: config.bridgedUsers,
    log,
    ...options.notices,
  });
  // Followers' direct rooms, opened ahead of time (bot/delivery/direct-prepare.ts).
  const preparer = new DirectRoomPreparer(bot);
  // Track rooms and the event's Space, made at the homeserver's pace (bot/rooms/track-room-creator.ts).
  const creator = new TrackRoomCreator(bot, options.trackRoomHooks);
  const deliver = (): void => {
    outbox.resume();
    if (config.reminderMinutes > 0) reminders.resume();
    notices.resume();
    preparer.resume();
    creator.resume();
  };
  const holdBack = async (): Promise<void> => {
    await creator.pause();
    await preparer.pause();
    await reminders.pause();
    await notices.pause();
    await outbox.pause();
  };
  // What the first sync of a fresh bot state holds from `startedAt` on is news (first-sync.ts).
  const startReading = async (): Promise<void> => {
    dispatcher.readFrom(await firstReadingFrom(storage, startedAt));
    await options.beforeReading?.();
    await client.start();
  };
  let unlisten = (): Promise<void> => Promise.resolve();
  let unlistenFollows = (): Promise<void> => Promise.resolve();
  let unlistenTrackRooms = (): Promise<void> => Promise.resolve();
  const dispatcher = new Dispatcher(bot, outbox);

  let started = false;
  let stopped = false;
  const isStopped = (): boolean => stopped;
  const holding = (): boolean => lock.held;
  let transitions: Promise<void> = Promise.resolve();
  // Brings the sync loop in line with the lock: reading while this instance holds it, halted
  // (after the batch in hand) as soon as it does not. Reads the lock's state when it runs, so
  // that quick lost/acquired flips end in the right state.
  const follow = (): void => {
    transitions = transitions
      .then(async () => {
        if (stopped || !started) return;
        if (lock.held) {
          await pace(() => bot.direct.load()).catch((error: unknown) => {
            log.warn(`Could not read the direct-room list (m.direct): ${describeError(error)}`);
          });
          await bot.encrypted.load(store.db).catch((error: unknown) => {
            log.warn(`Could not read the encrypted rooms: ${describeError(error)}`);
          });
          if (holding() && !isStopped()) {
            await startReading();
            deliver();
          }
        } else {
          await holdBack();
          await client.halt();
          await crypto.close(false);
          log.info("Stopped reading the rooms until this instance holds the lock again");
        }
      })
      .catch((error: unknown) => {
        log.error(`Could not follow the instance lock: ${describeError(error)}`);
      });
  };
  const lock = holdInstanceLock(store, config.databaseUrl, userId, {
    log,
    retryMs: options.lockRetryMs ?? 2_000,
    heartbeatMs: options.lockHeartbeatMs ?? 5_000,
    onLost: () => {
      // Stop at once: no new batch, and nothing more is sent for the one in hand.
      client.standBy();
      follow();
    },
    onAcquired: follow,
  });

  try {
    await Promise.race([lock.acquired, aborted(options.signal)]);
    await pace(() => bot.direct.load());
    await bot.encrypted.load(store.db);
    unlisten = await store.listen(
      OUTBOX_CHANNEL,
      (adapter) => {
        if (adapter === "matrix") outbox.kick();
      },
      // Rows queued while LISTEN was down were not announced: look for them at once.
      {
        onReconnect: () => {
          outbox.kick();
        },
      },
    );
    unlistenFollows = await store.listen(
      FOLLOWS_CHANNEL,
      (userId) => {
        preparer.followed(userId);
      },
      {
        onReconnect: () => {
          preparer.kick();
        },
      },
    );
    unlistenTrackRooms = await store.listen(
      TRACK_ROOMS_CHANNEL,
      () => {
        creator.kick();
      },
      {
        onReconnect: () => {
          creator.kick();
        },
      },
    );
    started = true;
    if (lock.held) {
      await startReading();
      deliver();
    } else follow();
  } catch (error) {
    client.stop();
    storage.close();
    await lock.release();
    throw error;
  }
  log.info(`Matrix bot ${userId} is reading its rooms on ${homeserverUrl}`);

  return {
    client,
    userId,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await transitions;
      await holdBack();
      await unlisten();
      await unlistenFollows();
      await unlistenTrackRooms();
      await client.halt();
      await dispatcher.idle();
      await storing;
      await client.saved();
      await crypto.close();
      storage.close();
      await lock.release();
      log.info(`Matrix bot ${userId} stopped`);
    },
  };
}
