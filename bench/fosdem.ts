// The FOSDEM-size benchmark (`npm run bench -- --scale fosdem`, or `--scale quick` to check it
// works): a real Synapse on PostgreSQL (a scratch database on DATABASE_URL's server: on SQLite
// Synapse stores only 10–25 messages a second, which would measure SQLite, not the bot), the
// bot (`ptg start --only bot`, on a scratch PostgreSQL database) with its rate limits lifted as
// the README tells operators (the admin API's `override_ratelimit` for the bot user; the server
// keeps Synapse's default message and room-creation limits), and the event's server for the
// live viewers.
//
// The set-up (bench/fosdem-setup.ts) is made concurrently by accounts whose limits are lifted,
// and is not measured: the bot's rooms, the told followers (admin API) and their direct rooms
// with the bot (as the bot opens them ahead of time), the follow rows (inserted). Then, each
// measured: one `now` to the told followers (read from Synapse's database), the homeserver alone
// sending as many messages, a cold start with and without a sync token, and `~trackrooms create`
// with the bot's limits lifted and under Synapse's defaults (bench/fosdem-trackrooms.ts).
import { randomBytes } from "node:crypto";
import { SENDS_IN_FLIGHT } from "../bot/delivery/outbox.js";
import { importIntoEvent } from "../shared/schedule/ptgbot-import-event.js";
import { MatrixClient } from "../test/support/matrix-client.js";
import { startPtg, type PtgProcess } from "../test/support/ptg-process.js";
import { openTestStore, type TestStore } from "../test/support/stores.js";
import { startSynapse, type SynapseHandle } from "../test/support/synapse.js";
import { benchEventDoc } from "./event-doc.js";
import type { FosdemScale } from "./fosdem-scale.js";
import {
  createMatrixSide,
  inParallel,
  insertFollows,
  liftLimits,
  restoreLimits,
  toldUsers,
  type SetupTimes,
} from "./fosdem-setup.js";
import {
  trackRoomsLifted,
  trackRoomsPaced,
  type TrackRoomsLifted,
  type TrackRoomsPaced,
} from "./fosdem-trackrooms.js";
import { cpuSecondsOf } from "./process-cpu.js";
import { startRequestMeter, type RequestMeter } from "./request-meter.js";
import { deliveredMessages, receivedTs, type Delivered } from "./synapse-events.js";

const SLUG = "fosdem-bench";
/** The second event, whose track rooms are made under Synapse's default limits. */
const PACED_SLUG = "fosdem-paced";
/** Synapse's defaults (docs: rc_message, rc_room_creation), which the test harness lifts. */
const SYNAPSE_DEFAULT_LIMITS = {
  rc_message: { per_second: 0.2, burst_count: 10 },
  rc_room_creation: { per_second: 0.016, burst_count: 10 },
};
/** The bot's pace for background requests (PTG_MATRIX_REQUESTS_PER_SECOND's default). */
export const BOT_PACE = 20;

export interface FosdemOptions {
  /** Synapse's event persisters beside its main process (startSynapse's `workers`); 0: none. */
  synapseWorkers?: number;
  /** The bot's PTG_MATRIX_SENDS_IN_FLIGHT (and the homeserver-alone baseline's width). */
  sendsInFlight?: number;
  /**
   * Synapse's root log level; default WARNING, as an operator of a big event may set it: INFO
   * logs a line per message (the federation sender's) and costs about 3 ms of CPU per message.
   */
  synapseLogLevel?: "INFO" | "WARNING";
}

export interface FosdemReport {
  /** Where Synapse kept its database, and how many processes it ran. */
  synapseDatabase: string;
  setup: SetupTimes & { settleSeconds: number; totalSeconds: number };
  /** Null when the scale measures the cold starts only (so are trackRooms). */
  notify: null | {
    told: number;
    messages: number;
    rooms: number;
    /** From the command to the first and the last notification, as Synapse received them. */
    firstSeconds: number;
    lastSeconds: number;
    /** The same number of messages sent straight to Synapse, as many at a time. */
    baselineSeconds: number;
    /** Synapse's CPU time (all its processes) per message, for the bot's and the baseline's. */
    cpuMsPerMessage: number;
    baselineCpuMsPerMessage: number;
  };
  restart: ColdStart;
  fresh: ColdStart;
  trackRooms: null | { lifted: TrackRoomsLifted; paced: TrackRoomsPaced };
}

export interface ColdStart {
  rooms: number;
  /** From the process's start to the reply to a command sent at that moment. */
  answerSeconds: number;
  peakPerSecond: number;
  /**
   * What is paced, in the busiest sliding second: requests that are neither a /sync nor a send,
   * nor about the room of the command whose answer is timed (those reads are never held back).
   */
  peakBackground: number;
  requests: number;
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function seedStore(doc: Parameters<typeof importIntoEvent>[2]): Promise<TestStore> {
  const store = await openTestStore("postgres");
  await importIntoEvent(store.db, SLUG, doc);
  return store;
}

const joined =
  (userId: string) => (e: { type: string; state_key?: string; content: Record<string, unknown> }) =>
    e.type === "m.room.member" && e.state_key === userId && e.content.membership === "join";

export async function fosdemBench(
  scale: FosdemScale,
  postgres: string,
  log: (line: string) => void,
  options: FosdemOptions = {},
): Promise<FosdemReport> {
  const setupStarted = Date.now();
  const workers = options.synapseWorkers ?? 0;
  const inFlight = options.sendsInFlight ?? SENDS_IN_FLIGHT;
  const { doc, trackNames } = benchEventDoc(scale.tracks);
  const hs: SynapseHandle = await startSynapse({
    postgres,
    extraConfig: SYNAPSE_DEFAULT_LIMITS,
    startupTimeoutMs: 120_000,
    ...(workers > 0 ? { workers } : {}),
    logLevel: options.synapseLogLevel ?? "WARNING",
  });
  const running: PtgProcess[] = [];
  const stores: TestStore[] = [];
  let meter: RequestMeter | null = null;
  try {
    const admin = await hs.registerUser("benchadmin", { admin: true });
    const bot = await hs.registerUser("ptgbot", { displayName: "ptgbot", keepRateLimits: true });
    await liftLimits(hs, admin.accessToken, bot.userId);
    const modUser = await hs.registerUser("mod", { displayName: "Moderator" });
    const mod = new MatrixClient(hs.baseUrl, modUser.accessToken, modUser.userId);
    const botClient = new MatrixClient(hs.baseUrl, bot.accessToken, bot.userId);

    const first = await seedStore(doc);
    stores.push(first);
    const told = toldUsers(scale, hs.serverName);
    const { times, directRooms } = await createMatrixSide(
      hs,
      admin.accessToken,
      botClient,
      first,
      scale,
      log,
    );
    await insertFollows(first, SLUG, scale, told, hs.serverName);
    log(`  set-up: ${scale.followers} follow rows inserted (${scale.told} on #${trackNames[0]})`);

    const eventRoom = await mod.createRoom({ name: "FOSDEM", preset: "public_chat" });
    await mod.invite(eventRoom, bot.userId);
    const dm = await mod.createRoom({ preset: "trusted_private_chat", isDirect: true });
    await mod.invite(dm, bot.userId);

    meter = await startRequestMeter(hs.baseUrl);
    const env = (store: TestStore): Record<string, string> => ({
      DATABASE_URL: store.url ?? "",
      MATRIX_HOMESERVER_URL: meter?.url ?? hs.baseUrl,
      MATRIX_ACCESS_TOKEN: bot.accessToken,
      PTG_DEFAULT_EVENT: SLUG,
      PTG_ADMINS: mod.userId,
      PTG_BRIDGED_USERS: `^@irc_.*:${hs.serverName.replace(/\./g, "\\.")}$`,
      PTG_E2EE: "off",
      LOG_LEVEL: "info",
      PTG_MATRIX_SENDS_IN_FLIGHT: String(inFlight),
    });
    const startBot = (store: TestStore, more: Record<string, string> = {}): PtgProcess => {
      const proc = startPtg(["--only", "bot"], { ...env(store), ...more });
      running.push(proc);
      return proc;
    };

    // The bot's first start: in every room, with nothing to open (every follower has a room).
    // Measuring starts once its start-up requests have died down. This start is set-up, not
    // measured: its pace is lifted (reading 6,000 rooms' state at the default 20 requests a
    // second takes 20 minutes) to 200/s, about what Synapse answers (at 1,000/s thousands of
    // reads waited for the bot's database pool); the cold starts below keep the default.
    let t = Date.now();
    const proc = startBot(first, { PTG_MATRIX_REQUESTS_PER_SECOND: "200" });
    // Its first sync of thousands of rooms may take Synapse minutes.
    await mod.waitForEvent(eventRoom, joined(bot.userId), 30 * 60_000);
    await mod.waitForEvent(dm, joined(bot.userId), 30 * 60_000);
    await waitFor("the bot's start-up requests to die down", 60 * 60_000, () =>
      Promise.resolve((meter?.recent(5) ?? 0) <= 10 ? true : undefined),
    );
    const settleSeconds = (Date.now() - t) / 1000;
    const opened = await first.db
      .selectFrom("matrix_direct_rooms")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    log(
      `  set-up: bot started, its start-up requests died down after ${settleSeconds.toFixed(0)} s ` +
        `(${Number(opened.n) - scale.told} direct rooms opened by the bot itself)`,
    );
    const setup = { ...times, settleSeconds, totalSeconds: (Date.now() - setupStarted) / 1000 };
    log(`  set-up in all: ${(setup.totalSeconds / 60).toFixed(1)} min`);

    // One `now` to the told followers, measured by Synapse; then the homeserver alone.
    const measureNotify = async (): Promise<NonNullable<FosdemReport["notify"]>> => {
      const marker = `fosdem-${randomBytes(4).toString("hex")}`;
      let cpu = cpuSecondsOf(hs.pids);
      const commandId = await mod.sendText(eventRoom, `#${trackNames[0]} now ${marker} keynote`);
      const sentTs = await receivedTs(hs, commandId);
      // Counted in the followers' direct rooms only (the reply in the event's room is not one).
      const inDirect = (d: Delivered) => {
        const counts = [...d.perRoom].filter(([room]) => directRooms.has(room));
        return {
          messages: counts.reduce((sum, [, n]) => sum + n, 0),
          rooms: counts.length,
          elsewhere: [...d.perRoom].filter(([room]) => !directRooms.has(room)).length,
        };
      };
      const counted = await waitFor("the notifications", 30 * 60_000, async () => {
        const d = await deliveredMessages(hs, bot.userId, marker);
        return inDirect(d).rooms >= scale.told ? d : undefined;
      }).catch(async () => deliveredMessages(hs, bot.userId, marker));
      // A little longer, to see any message sent twice.
      await new Promise((resolve) => setTimeout(resolve, 5000));
      const final = inDirect(await deliveredMessages(hs, bot.userId, marker));
      const cpuMsPerMessage = ((cpuSecondsOf(hs.pids) - cpu) * 1000) / Math.max(1, final.messages);
      const notify = {
        told: scale.told,
        messages: final.messages,
        rooms: final.rooms,
        firstSeconds: (counted.firstReceivedTs - sentTs) / 1000,
        lastSeconds: (counted.lastReceivedTs - sentTs) / 1000,
      };
      log(
        `  notify: ${notify.messages} messages in ${notify.rooms} of the ${scale.told} direct rooms, ` +
          `first ${notify.firstSeconds.toFixed(1)} s, last ${notify.lastSeconds.toFixed(1)} s after ` +
          `the command; the marker also in ${final.elsewhere} other rooms (the reply)`,
      );

      // The homeserver alone, for comparison: as many messages to the same rooms, sent by this
      // process with the bot's token, as many at a time as the bot sends (inFlight).
      t = Date.now();
      cpu = cpuSecondsOf(hs.pids);
      await inParallel([...directRooms], inFlight, async (roomId) => {
        await botClient.sendText(roomId, "homeserver baseline");
      });
      const baselineSeconds = (Date.now() - t) / 1000;
      const baselineCpuMsPerMessage =
        ((cpuSecondsOf(hs.pids) - cpu) * 1000) / Math.max(1, directRooms.size);
      log(
        `  homeserver alone: ${directRooms.size} messages, ${inFlight} at a time, in ` +
          `${baselineSeconds.toFixed(1)} s; Synapse's CPU per message ` +
          `${cpuMsPerMessage.toFixed(1)} ms (the bot's), ${baselineCpuMsPerMessage.toFixed(1)} ms (alone)`,
      );
      return { ...notify, baselineSeconds, cpuMsPerMessage, baselineCpuMsPerMessage };
    };
    const all = scale.measures === "all";
    const notify = all ? await measureNotify() : null;

    const rooms = scale.rooms + scale.told + 2;
    const coldStart = async (store: TestStore, label: string): Promise<ColdStart> => {
      await mod.syncToNow();
      meter?.reset();
      const started = Date.now();
      const p = startBot(store);
      await mod.sendText(dm, "~help");
      // No answer within 10 minutes is a figure too (Infinity), not the end of the benchmark.
      const answerSeconds = await mod
        .waitForMessage(dm, (e) => e.sender === bot.userId, 600_000)
        .then(() => (Date.now() - started) / 1000)
        .catch(() => Infinity);
      // The first sync's requests go on after the answer (a new database learns its rooms at
      // the bot's pace): count until they die down (≤ 10 in 5 s), at most a minute longer.
      const until = Date.now() + 60_000;
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      await waitFor("quiet", 70_000, () =>
        Promise.resolve((meter?.recent(5) ?? 0) <= 10 || Date.now() > until ? true : undefined),
      );
      const m = meter?.report() ?? { total: 0, peakPerSecond: 0, peakKinds: "", peakBackground: 0 };
      // What is paced, in the busiest sliding second: neither a /sync nor a send, nor a request
      // about the room of the `~help` (the reads that answer it are not held back, by design).
      const inDm = `/rooms/${encodeURIComponent(dm)}/`;
      const paced = meter?.busiestBackgroundWindow((r) => r.path.includes(inDm)) ?? {
        count: 0,
        kinds: "",
      };
      await p.stop();
      log(
        `  ${label}: answered after ${answerSeconds.toFixed(1)} s, peak ${m.peakPerSecond} ` +
          `requests/s, ${paced.count} paced in the busiest sliding second ` +
          `(${m.peakBackground} background in a clock second, the ~help's reads included), ` +
          `${m.total} in all`,
      );
      log(`    the busiest second: ${m.peakKinds}`);
      log(`    the busiest sliding second of paced requests: ${paced.kinds}`);
      return {
        rooms,
        answerSeconds,
        peakPerSecond: m.peakPerSecond,
        peakBackground: paced.count,
        requests: m.total,
      };
    };

    await proc.stop();
    const restart = await coldStart(first, "restart with its sync token");
    const second = await seedStore(doc);
    stores.push(second);
    const fresh = await coldStart(second, "start on a new database (no sync token)");

    const measureTrackRooms = async (): Promise<NonNullable<FosdemReport["trackRooms"]>> => {
      // ~trackrooms create, the bot's limits lifted: every track of the event.
      const again = startBot(first);
      await mod.syncToNow();
      await mod.sendText(dm, "~help");
      await mod.waitForMessage(dm, (e) => e.sender === bot.userId, 600_000);
      const lifted = await trackRoomsLifted(hs, mod, first, SLUG, eventRoom, scale.tracks);
      log(
        `  ~trackrooms create, limits lifted: ${lifted.created} of ${lifted.tracks} rooms in ` +
          `${lifted.seconds.toFixed(1)} s` +
          (lifted.failed > 0 ? `, ${lifted.failed} failed` : ""),
      );

      // Then under Synapse's default limits: a second event, bound to a room of its own, and the
      // bot's override removed.
      await importIntoEvent(first.db, PACED_SLUG, doc);
      const pacedRoom = await mod.createRoom({ name: "FOSDEM paced", preset: "public_chat" });
      await mod.invite(pacedRoom, bot.userId);
      await mod.waitForEvent(pacedRoom, joined(bot.userId), 600_000);
      await mod.sendText(pacedRoom, `~event ${PACED_SLUG}`);
      await mod.waitForMessage(
        pacedRoom,
        (e) => e.sender === bot.userId && JSON.stringify(e.content).includes(`event ${PACED_SLUG}`),
        600_000,
      );
      await restoreLimits(hs, admin.accessToken, bot.userId);
      const paced = await trackRoomsPaced(
        hs,
        mod,
        first,
        PACED_SLUG,
        pacedRoom,
        scale.tracks,
        scale.pacedWindow,
      );
      log(
        `  ~trackrooms create, Synapse's default limits: ${paced.created} rooms in the first ` +
          `${paced.windowSeconds.toFixed(0)} s (${paced.burst} in the burst` +
          (paced.gapSeconds === null ? "" : `; last gap ${paced.gapSeconds.toFixed(1)} s`) +
          ")",
      );
      await again.stop();
      return { lifted, paced };
    };
    const trackRooms = all ? await measureTrackRooms() : null;
    return {
      synapseDatabase:
        workers > 0 ? `PostgreSQL, main process + ${workers} event persisters` : "PostgreSQL",
      setup,
      notify,
      restart,
      fresh,
      trackRooms,
    };
  } catch (error) {
    for (const p of running) console.error(p.output(30));
    console.error(await hs.logTail(20));
    throw error;
  } finally {
    await Promise.all(running.map((p) => p.stop()));
    await meter?.close();
    for (const store of stores) await store.close();
    await hs.stop();
  }
}
