// The FOSDEM-size benchmark's set-up (bench/fosdem.ts): what exists before anything is measured,
// made concurrently (SETUP_IN_FLIGHT requests at a time) by accounts whose rate limits are lifted.
// - the bot's `rooms` rooms, created with its account;
// - the `told` followers (Matrix users created with the admin API, no password);
// - their direct rooms with the bot, created with its account as the bot opens them ahead of
//   time (`bot/delivery/notify.ts` openDirectRoom: invited, `is_direct`, trusted_private_chat),
//   listed once in its `m.direct` and recorded in its database (`matrix_direct_rooms`), so the
//   bot starts with every follower's room already there, as in service;
// - the follow rows, inserted into the bot's database.
import pLimit from "p-limit";
import { MatrixClient, matrixRequest } from "../test/support/matrix-client.js";
import type { SynapseHandle } from "../test/support/synapse.js";
import type { TestStore } from "../test/support/stores.js";
import type { FosdemScale } from "./fosdem-scale.js";
import { cpuSecondsOf } from "./process-cpu.js";

/** Set-up requests in flight at once (Synapse is one Python process: more does not help). */
export const SETUP_IN_FLIGHT = 16;

export async function inParallel<T>(
  items: T[],
  width: number,
  job: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const limit = pLimit(width);
  await Promise.all(items.map((item, i) => limit(() => job(item, i))));
}

const overridePath = (userId: string): string =>
  `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/override_ratelimit`;

/** What the README tells operators: lift a user's limits with the admin API. */
export async function liftLimits(hs: SynapseHandle, adminToken: string, userId: string) {
  await matrixRequest(hs.baseUrl, "POST", overridePath(userId), {
    accessToken: adminToken,
    body: { messages_per_second: 0, burst_count: 0 },
  });
}

/** Back to the server's limits for `userId` (Synapse's defaults in this benchmark). */
export async function restoreLimits(hs: SynapseHandle, adminToken: string, userId: string) {
  await matrixRequest(hs.baseUrl, "DELETE", overridePath(userId), { accessToken: adminToken });
}

/** Seconds since `started`. */
const since = (started: number): number => (Date.now() - started) / 1000;

/** Synapse's CPU time since `before` (seconds), for the log: what a quiet machine would take. */
const cpuSince = (hs: SynapseHandle, before: number): string =>
  `Synapse CPU ${(cpuSecondsOf(hs.pids) - before).toFixed(0)} s`;

export interface SetupTimes {
  roomsSeconds: number;
  usersSeconds: number;
  directRoomsSeconds: number;
}

export interface MatrixSide {
  times: SetupTimes;
  /** The told followers' direct rooms with the bot. */
  directRooms: Set<string>;
}

/** The told followers' user ids. */
export const toldUsers = (scale: FosdemScale, serverName: string): string[] =>
  [...Array(scale.told).keys()].map((i) => `@f${String(i).padStart(5, "0")}:${serverName}`);

export async function createMatrixSide(
  hs: SynapseHandle,
  adminToken: string,
  bot: MatrixClient,
  store: TestStore,
  scale: FosdemScale,
  log: (line: string) => void,
): Promise<MatrixSide> {
  let t = Date.now();
  let cpu = cpuSecondsOf(hs.pids);
  await inParallel([...Array(scale.rooms).keys()], SETUP_IN_FLIGHT, async (i) => {
    await bot.createRoom({ name: `FOSDEM room ${i}`, preset: "public_chat" });
  });
  const roomsSeconds = since(t);
  log(
    `  set-up: ${scale.rooms} rooms created by the bot's account in ${roomsSeconds.toFixed(0)} s ` +
      `(${cpuSince(hs, cpu)})`,
  );

  t = Date.now();
  const told = toldUsers(scale, hs.serverName);
  await inParallel(told, SETUP_IN_FLIGHT, async (userId) => {
    await matrixRequest(
      hs.baseUrl,
      "PUT",
      `/_synapse/admin/v2/users/${encodeURIComponent(userId)}`,
      {
        accessToken: adminToken,
        body: { displayname: userId.slice(1, 7) },
      },
    );
  });
  const usersSeconds = since(t);
  log(
    `  set-up: ${scale.told} users created with the admin API in ${usersSeconds.toFixed(0)} s ` +
      `(${cpuSince(hs, cpu)})`,
  );

  t = Date.now();
  cpu = cpuSecondsOf(hs.pids);
  const direct: Record<string, string[]> = {};
  const rows: { room_id: string; user_id: string; membership: string; since: Date }[] = [];
  await inParallel(told, SETUP_IN_FLIGHT, async (userId) => {
    const roomId = await bot.createRoom({
      invite: [userId],
      isDirect: true,
      preset: "trusted_private_chat",
      name: "PTG notifications",
    });
    direct[userId] = [roomId];
    rows.push({ room_id: roomId, user_id: userId, membership: "invite", since: new Date() });
  });
  await bot.request("PUT", `/user/${encodeURIComponent(bot.userId)}/account_data/m.direct`, {
    body: direct,
  });
  for (let i = 0; i < rows.length; i += 1000) {
    await store.db
      .insertInto("matrix_direct_rooms")
      .values(rows.slice(i, i + 1000))
      .execute();
  }
  const directRoomsSeconds = since(t);
  log(
    `  set-up: ${scale.told} direct rooms created by the bot's account in ` +
      `${directRoomsSeconds.toFixed(0)} s, listed in its m.direct (${cpuSince(hs, cpu)})`,
  );
  return {
    times: { roomsSeconds, usersSeconds, directRoomsSeconds },
    directRooms: new Set(rows.map((r) => r.room_id)),
  };
}

/** Inserts the follow rows: `told` Matrix users on the first track, IRC puppets elsewhere. */
export async function insertFollows(
  store: TestStore,
  slug: string,
  scale: FosdemScale,
  told: string[],
  serverName: string,
): Promise<void> {
  const event = await store.db
    .selectFrom("events")
    .select("id")
    .where("slug", "=", slug)
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
