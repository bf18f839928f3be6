// What the benchmarks' Synapse itself can take, on SQLite (the tests' database) and on
// PostgreSQL (the FOSDEM-size benchmark's, from DATABASE_URL): users created with the admin API,
// rooms created, and messages sent, each `--width` at a time, straight from this process.
//   DATABASE_URL=postgres://… npx tsx bench/synapse-rate.ts [--messages 400] [--rooms 100]
// Prints each rate and Synapse's CPU time per operation (the machine may be shared: compare the
// CPU times before the wall-clock rates).
import { parseArgs } from "node:util";
import pLimit from "p-limit";
import { MatrixClient, matrixRequest } from "../test/support/matrix-client.js";
import { startSynapse, type SynapseHandle } from "../test/support/synapse.js";
import { cpuSeconds } from "./process-cpu.js";

export interface SynapseRate {
  database: string;
  usersPerSecond: number;
  roomsPerSecond: number;
  messagesPerSecond: number;
  /** Synapse's CPU time (user + system) per user, direct room and message, ms. */
  cpuMsPerUser: number;
  cpuMsPerRoom: number;
  cpuMsPerMessage: number;
}

/** Runs `job` `count` times, `width` at a time: the rate, and Synapse's CPU ms per job. */
async function timed(
  pid: number | undefined,
  count: number,
  width: number,
  job: (i: number) => Promise<void>,
): Promise<[number, number]> {
  const limit = pLimit(width);
  const started = Date.now();
  const cpu = cpuSeconds(pid);
  await Promise.all([...Array(count).keys()].map((i) => limit(() => job(i))));
  return [
    count / ((Date.now() - started) / 1000),
    ((cpuSeconds(pid) - cpu) * 1000) / Math.max(1, count),
  ];
}

export async function synapseRate(
  hs: SynapseHandle,
  label: string,
  sizes: { users: number; rooms: number; messages: number; width: number },
): Promise<SynapseRate> {
  const admin = await hs.registerUser("rateadmin", { admin: true });
  const sender = new MatrixClient(hs.baseUrl, admin.accessToken, admin.userId);
  const [usersPerSecond, cpuMsPerUser] = await timed(
    hs.pid,
    sizes.users,
    sizes.width,
    async (i) => {
      await matrixRequest(hs.baseUrl, "PUT", `/_synapse/admin/v2/users/@u${i}:${hs.serverName}`, {
        accessToken: admin.accessToken,
        body: { displayname: `u${i}` },
      });
    },
  );
  const rooms: string[] = [];
  const [roomsPerSecond, cpuMsPerRoom] = await timed(
    hs.pid,
    sizes.rooms,
    sizes.width,
    async (i) => {
      rooms.push(
        await sender.createRoom({
          preset: "trusted_private_chat",
          isDirect: true,
          invite: [`@u${i % Math.max(1, sizes.users)}:${hs.serverName}`],
        }),
      );
    },
  );
  const [messagesPerSecond, cpuMsPerMessage] = await timed(
    hs.pid,
    sizes.messages,
    sizes.width,
    async (i) => {
      await sender.sendText(rooms[i % rooms.length] ?? "", `message ${i}`);
    },
  );
  return {
    database: label,
    usersPerSecond,
    roomsPerSecond,
    messagesPerSecond,
    cpuMsPerUser,
    cpuMsPerRoom,
    cpuMsPerMessage,
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "100" },
      rooms: { type: "string", default: "100" },
      messages: { type: "string", default: "400" },
      width: { type: "string", default: "16" },
    },
  });
  const sizes = {
    users: Number(values.users),
    rooms: Number(values.rooms),
    messages: Number(values.messages),
    width: Number(values.width),
  };
  const postgres = process.env.DATABASE_URL;
  const kinds: [string, string | undefined][] = [["SQLite", undefined]];
  if (postgres !== undefined) kinds.push(["PostgreSQL", postgres]);
  console.log(
    `Synapse alone: ${sizes.users} users (admin API), ${sizes.rooms} direct rooms, ` +
      `${sizes.messages} messages, ${sizes.width} at a time`,
  );
  for (const [label, url] of kinds) {
    const hs = await startSynapse(url === undefined ? {} : { postgres: url });
    try {
      const r = await synapseRate(hs, label, sizes);
      console.log(
        `  ${label.padEnd(10)} users ${r.usersPerSecond.toFixed(1)}/s, rooms ` +
          `${r.roomsPerSecond.toFixed(1)}/s, messages ${r.messagesPerSecond.toFixed(1)}/s; ` +
          `Synapse's CPU per user ${r.cpuMsPerUser.toFixed(1)} ms, per direct room ` +
          `${r.cpuMsPerRoom.toFixed(1)} ms, per message ${r.cpuMsPerMessage.toFixed(1)} ms`,
      );
    } finally {
      await hs.stop();
    }
  }
}
