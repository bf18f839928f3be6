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
import { cpuSecondsOf } from "./process-cpu.js";

export interface SynapseRate {
  database: string;
  usersPerSecond: number;
  roomsPerSecond: number;
  messagesPerSecond: number;
  /** Synapse's CPU time (user + system, all its processes) per user, direct room and message, ms. */
  cpuMsPerUser: number;
  cpuMsPerRoom: number;
  cpuMsPerMessage: number;
  /** Each Synapse process's CPU time per message (the main one first), ms. */
  cpuMsPerMessageByProcess: number[];
  /** This process's CPU time per message (the clients, and the router in front of workers), ms. */
  selfMsPerMessage: number;
}

const selfCpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * Runs `job` `count` times, `width` at a time: the rate, Synapse's CPU ms per job (all its
 * processes) and this process's.
 */
async function timed(
  pids: number[] | undefined,
  count: number,
  width: number,
  job: (i: number) => Promise<void>,
): Promise<[number, number, number]> {
  const limit = pLimit(width);
  const started = Date.now();
  const cpu = cpuSecondsOf(pids);
  const self = selfCpuSeconds();
  await Promise.all([...Array(count).keys()].map((i) => limit(() => job(i))));
  const per = (seconds: number): number => (seconds * 1000) / Math.max(1, count);
  return [
    count / ((Date.now() - started) / 1000),
    per(cpuSecondsOf(pids) - cpu),
    per(selfCpuSeconds() - self),
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
    hs.pids,
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
    hs.pids,
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
  const byProcess = (hs.pids ?? []).map((pid) => cpuSecondsOf([pid]));
  const [messagesPerSecond, cpuMsPerMessage, selfMsPerMessage] = await timed(
    hs.pids,
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
    selfMsPerMessage,
    cpuMsPerMessageByProcess: (hs.pids ?? []).map(
      (pid, i) => ((cpuSecondsOf([pid]) - (byProcess[i] ?? 0)) * 1000) / sizes.messages,
    ),
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "100" },
      rooms: { type: "string", default: "100" },
      messages: { type: "string", default: "400" },
      width: { type: "string", default: "16" },
      // "sqlite", "postgres" or both (comma-separated); default: both when DATABASE_URL is set
      databases: { type: "string" },
      // Synapse with this many event persisters (PostgreSQL only; 0: one process)
      workers: { type: "string", default: "0" },
      // Synapse's root log level, INFO (the tests') or WARNING
      "log-level": { type: "string", default: "INFO" },
      // caches.global_factor (Synapse's default 0.5)
      "cache-factor": { type: "string" },
    },
  });
  const sizes = {
    users: Number(values.users),
    rooms: Number(values.rooms),
    messages: Number(values.messages),
    width: Number(values.width),
  };
  const postgres = process.env.DATABASE_URL;
  const wanted = (values.databases ?? "sqlite,postgres").split(",");
  const kinds: [string, string | undefined][] = [];
  if (wanted.includes("sqlite")) kinds.push(["SQLite", undefined]);
  if (wanted.includes("postgres") && postgres !== undefined) kinds.push(["PostgreSQL", postgres]);
  console.log(
    `Synapse alone: ${sizes.users} users (admin API), ${sizes.rooms} direct rooms, ` +
      `${sizes.messages} messages, ${sizes.width} at a time`,
  );
  for (const [label, url] of kinds) {
    const workers = Number(values.workers);
    const logLevel = values["log-level"] === "WARNING" ? "WARNING" : "INFO";
    const factor = values["cache-factor"];
    const hs = await startSynapse({
      ...(url === undefined ? {} : { postgres: url }),
      ...(workers > 0 ? { workers } : {}),
      logLevel,
      ...(factor === undefined
        ? {}
        : { extraConfig: { caches: { global_factor: Number(factor) } } }),
      startupTimeoutMs: 120_000,
    });
    try {
      const r = await synapseRate(hs, label, sizes);
      console.log(
        `  ${label.padEnd(10)} users ${r.usersPerSecond.toFixed(1)}/s, rooms ` +
          `${r.roomsPerSecond.toFixed(1)}/s, messages ${r.messagesPerSecond.toFixed(1)}/s ` +
          `(${workers > 0 ? `main + ${workers} event persisters` : "one process"}, log ${logLevel}` +
          `${factor === undefined ? "" : `, cache factor ${factor}`}); ` +
          `Synapse's CPU per user ${r.cpuMsPerUser.toFixed(1)} ms, per direct room ` +
          `${r.cpuMsPerRoom.toFixed(1)} ms, per message ${r.cpuMsPerMessage.toFixed(1)} ms ` +
          `(${r.cpuMsPerMessageByProcess.map((ms) => ms.toFixed(1)).join(" + ")} by process; ` +
          `this process ${r.selfMsPerMessage.toFixed(2)} ms)`,
      );
    } finally {
      await hs.stop();
    }
  }
}
