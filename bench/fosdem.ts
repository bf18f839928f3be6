// The FOSDEM-size benchmark (`npm run bench -- --scale fosdem`, or `--scale quick` to check it
// works): a real Synapse, the bot (`ptg start --only bot`, on a scratch PostgreSQL database from
// DATABASE_URL) with its rate limits lifted as the README tells operators (the admin API's
// `override_ratelimit` for the bot user; the server keeps Synapse's default message and
// room-creation limits), and the event's server for the live viewers.
//
// Set-up, and what is not done through Matrix:
// - the `rooms` rooms are created by the bot's account before the bot starts;
// - the `told` followers of the measured track are Matrix users created with the admin API
//   (`PUT /_synapse/admin/v2/users/…`, no password: registering thousands with a login costs
//   too long); the other followers are IRC puppets (`@irc_…`, PTG_BRIDGED_USERS), which get no
//   direct room ahead of time; all follow rows are inserted into the bot's database directly;
// - the bot opens the told followers' direct rooms ahead of time, as it does in service.
import { randomBytes } from "node:crypto";
import pLimit from "p-limit";
import { SENDS_IN_FLIGHT } from "../bot/delivery/outbox.js";
import { importIntoEvent } from "../shared/schedule/ptgbot-import-event.js";
import { MatrixClient, matrixRequest } from "../test/support/matrix-client.js";
import { startPtg, type PtgProcess } from "../test/support/ptg-process.js";
import { openTestStore, type TestStore } from "../test/support/stores.js";
import { startSynapse, type SynapseHandle } from "../test/support/synapse.js";
import { benchEventDoc } from "./event-doc.js";
import type { FosdemScale } from "./fosdem-scale.js";
import { startRequestMeter, type RequestMeter } from "./request-meter.js";
import { deliveredMessages, receivedTs } from "./synapse-events.js";

const SLUG = "fosdem-bench";
/** Synapse's defaults (docs: rc_message, rc_room_creation), which the test harness lifts. */
const SYNAPSE_DEFAULT_LIMITS = {
  rc_message: { per_second: 0.2, burst_count: 10 },
  rc_room_creation: { per_second: 0.016, burst_count: 10 },
};

export interface FosdemReport {
  setup: { roomsSeconds: number; usersSeconds: number; directRoomsSeconds: number };
  notify: {
    told: number;
    messages: number;
    rooms: number;
    /** From the command to the first and the last notification, as Synapse received them. */
    firstSeconds: number;
    lastSeconds: number;
    /** The same number of messages sent straight to Synapse, as many at a time. */
    baselineSeconds: number;
  };
  restart: ColdStart;
  fresh: ColdStart;
}

export interface ColdStart {
  rooms: number;
  /** From the process's start to the reply to a command sent at that moment. */
  answerSeconds: number;
  peakPerSecond: number;
  requests: number;
}

async function inParallel<T>(items: T[], width: number, job: (item: T) => Promise<void>) {
  const limit = pLimit(width);
  await Promise.all(items.map((item) => limit(() => job(item))));
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

/** Inserts the follow rows: `told` Matrix users on the first track, IRC puppets elsewhere. */
async function insertFollows(
  store: TestStore,
  scale: FosdemScale,
  told: string[],
  serverName: string,
): Promise<void> {
  const event = await store.db
    .selectFrom("events")
    .select("id")
    .where("slug", "=", SLUG)
    .executeTakeFirstOrThrow();
  const tracks = await store.db
    .selectFrom("tracks")
    .select(["id", "name"])
    .where("event_id", "=", event.id)
    .orderBy("id")
    .execute();
  const [first, ...others] = tracks;
  if (first === undefined || others.length === 0) throw new Error("the event has no tracks");
  const rows = told.map((userId) => ({
    track_id: first.id,
    event_id: event.id,
    person_key: userId,
    nick: userId.slice(1, userId.indexOf(":")),
  }));
  for (let i = told.length; i < scale.followers; i++) {
    const nick = `irc_f${String(i).padStart(5, "0")}`;
    rows.push({
      track_id: others[i % others.length]?.id ?? first.id,
      event_id: event.id,
      person_key: `@${nick}:${serverName}`,
      nick,
    });
  }
  for (let i = 0; i < rows.length; i += 1000) {
    await store.db
      .insertInto("follows")
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

export async function fosdemBench(
  scale: FosdemScale,
  log: (line: string) => void,
): Promise<FosdemReport> {
  const { doc, trackNames } = benchEventDoc(scale.tracks);
  const hs: SynapseHandle = await startSynapse({
    extraConfig: SYNAPSE_DEFAULT_LIMITS,
    startupTimeoutMs: 120_000,
  });
  const running: PtgProcess[] = [];
  const stores: TestStore[] = [];
  let meter: RequestMeter | null = null;
  try {
    const admin = await hs.registerUser("benchadmin", { admin: true });
    const bot = await hs.registerUser("ptgbot", { displayName: "ptgbot", keepRateLimits: true });
    // What the README tells operators: lift the bot user's limits with the admin API.
    await matrixRequest(
      hs.baseUrl,
      "POST",
      `/_synapse/admin/v1/users/${encodeURIComponent(bot.userId)}/override_ratelimit`,
      { accessToken: admin.accessToken, body: { messages_per_second: 0, burst_count: 0 } },
    );
    const modUser = await hs.registerUser("mod", { displayName: "Moderator" });
    const mod = new MatrixClient(hs.baseUrl, modUser.accessToken, modUser.userId);
    const botClient = new MatrixClient(hs.baseUrl, bot.accessToken, bot.userId);

    let t = Date.now();
    await inParallel([...Array(scale.rooms).keys()], 6, async (i) => {
      await botClient.createRoom({ name: `FOSDEM room ${i}`, preset: "public_chat" });
    });
    const roomsSeconds = (Date.now() - t) / 1000;
    log(
      `  set-up: ${scale.rooms} rooms created by the bot's account in ${roomsSeconds.toFixed(0)} s`,
    );

    t = Date.now();
    const told = [...Array(scale.told).keys()].map(
      (i) => `@f${String(i).padStart(5, "0")}:${hs.serverName}`,
    );
    await inParallel(told, 6, async (userId) => {
      await matrixRequest(
        hs.baseUrl,
        "PUT",
        `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`,
        {
          accessToken: admin.accessToken,
          body: { displayname: userId.slice(1, 7) },
        },
      );
    });
    const usersSeconds = (Date.now() - t) / 1000;
    log(`  set-up: ${scale.told} users created with the admin API in ${usersSeconds.toFixed(0)} s`);

    const eventRoom = await mod.createRoom({ name: "FOSDEM", preset: "public_chat" });
    await mod.invite(eventRoom, bot.userId);
    const dm = await mod.createRoom({ preset: "trusted_private_chat", isDirect: true });
    await mod.invite(dm, bot.userId);

    const first = { store: await seedStore(doc) };
    stores.push(first.store);
    await insertFollows(first.store, scale, told, hs.serverName);
    log(`  set-up: ${scale.followers} follow rows inserted (${scale.told} on #${trackNames[0]})`);

    meter = await startRequestMeter(hs.baseUrl);
    const env = (store: TestStore): Record<string, string> => ({
      DATABASE_URL: store.url ?? "",
      MATRIX_HOMESERVER_URL: meter?.url ?? hs.baseUrl,
      MATRIX_ACCESS_TOKEN: bot.accessToken,
      PTG_DEFAULT_EVENT: SLUG,
      PTG_BRIDGED_USERS: `^@irc_.*:${hs.serverName.replace(/\./g, "\\.")}$`,
      PTG_E2EE: "off",
      LOG_LEVEL: "info",
    });
    const startBot = (store: TestStore): PtgProcess => {
      const proc = startPtg(["--only", "bot"], env(store));
      running.push(proc);
      return proc;
    };

    t = Date.now();
    const proc = startBot(first.store);
    await mod.waitForEvent(
      eventRoom,
      (e) =>
        e.type === "m.room.member" && e.state_key === bot.userId && e.content.membership === "join",
      300_000,
    );
    await mod.waitForEvent(
      dm,
      (e) =>
        e.type === "m.room.member" && e.state_key === bot.userId && e.content.membership === "join",
      300_000,
    );
    await waitFor("the followers' direct rooms", 60 * 60_000, async () => {
      const row = await first.store.db
        .selectFrom("matrix_direct_rooms")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n) >= scale.told ? true : undefined;
    });
    const directRoomsSeconds = (Date.now() - t) / 1000;
    log(
      `  set-up: bot started, ${scale.told} direct rooms opened ahead of time in ${directRoomsSeconds.toFixed(0)} s`,
    );

    // One `now` to the told followers, measured by Synapse.
    const marker = `fosdem-${randomBytes(4).toString("hex")}`;
    const commandId = await mod.sendText(eventRoom, `#${trackNames[0]} now ${marker} keynote`);
    const sentTs = await receivedTs(hs.dataDir, commandId);
    const counted = await waitFor("the notifications", 30 * 60_000, async () => {
      const d = await deliveredMessages(hs.dataDir, bot.userId, marker);
      const direct = [...d.roomIds].filter((r) => r !== eventRoom).length;
      return direct >= scale.told ? d : undefined;
    }).catch(async () => deliveredMessages(hs.dataDir, bot.userId, marker));
    // A little longer, to see any message sent twice.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const final = await deliveredMessages(hs.dataDir, bot.userId, marker);
    const inDirect = final.roomIds.has(eventRoom) ? final.rooms - 1 : final.rooms;
    const notify = {
      told: scale.told,
      messages: final.messages - (final.roomIds.has(eventRoom) ? 1 : 0),
      rooms: inDirect,
      firstSeconds: (counted.firstReceivedTs - sentTs) / 1000,
      lastSeconds: (counted.lastReceivedTs - sentTs) / 1000,
    };
    log(
      `  notify: ${notify.messages} messages in ${notify.rooms} rooms, first ${notify.firstSeconds.toFixed(1)} s, last ${notify.lastSeconds.toFixed(1)} s after the command`,
    );

    // The homeserver alone, for comparison: as many messages to the same rooms, sent by this
    // process with the bot's token, as many at a time as the bot sends (SENDS_IN_FLIGHT).
    t = Date.now();
    const directRooms = [...final.roomIds].filter((r) => r !== eventRoom);
    await inParallel(directRooms, SENDS_IN_FLIGHT, async (roomId) => {
      await botClient.sendText(roomId, "homeserver baseline");
    });
    const baselineSeconds = (Date.now() - t) / 1000;
    log(
      `  homeserver alone: ${directRooms.length} messages, ${SENDS_IN_FLIGHT} at a time, in ` +
        `${baselineSeconds.toFixed(1)} s`,
    );

    const coldStart = async (store: TestStore, label: string): Promise<ColdStart> => {
      await mod.syncToNow();
      meter?.reset();
      const started = Date.now();
      const p = startBot(store);
      await mod.sendText(dm, "~help");
      await mod.waitForMessage(dm, (e) => e.sender === bot.userId, 600_000);
      const answerSeconds = (Date.now() - started) / 1000;
      // The first sync's requests go on after the answer: count a little more.
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      const m = meter?.report() ?? { total: 0, peakPerSecond: 0, peakKinds: "" };
      await p.stop();
      log(
        `  ${label}: answered after ${answerSeconds.toFixed(1)} s, peak ${m.peakPerSecond} requests/s (${m.total} in all)`,
      );
      log(`    the busiest second: ${m.peakKinds}`);
      return {
        rooms: scale.rooms + scale.told + 2,
        answerSeconds,
        peakPerSecond: m.peakPerSecond,
        requests: m.total,
      };
    };

    await proc.stop();
    const restart = await coldStart(first.store, "restart with its sync token");
    const second = await seedStore(doc);
    stores.push(second);
    const fresh = await coldStart(second, "start on a new database (no sync token)");
    return {
      setup: { roomsSeconds, usersSeconds, directRoomsSeconds },
      notify: { ...notify, baselineSeconds },
      restart,
      fresh,
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
