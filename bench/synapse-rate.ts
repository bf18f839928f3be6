// What the benchmarks' Synapse itself can take, on SQLite (the tests' database) and on
// PostgreSQL (the FOSDEM-size benchmark's, from DATABASE_URL): users created with the admin API,
// rooms created, and messages sent, each `--width` at a time, straight from this process.
//   DATABASE_URL=postgres://… npx tsx bench/synapse-rate.ts [--messages 400] [--rooms 100]
// Prints each rate and Synapse's CPU time per operation (the machine may be shared: compare the
// CPU times before the wall-clock rates).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pLimit from "p-limit";
import { MatrixClient, matrixRequest } from "../test/support/matrix-client.js";
import { startSynapse, type SynapseHandle } from "../test/support/synapse.js";

export interface SynapseRate {
  database: string;
  usersPerSecond: number;
  roomsPerSecond: number;
  messagesPerSecond: number;
  /** Synapse's CPU time (user + system) per message, ms. */
  cpuMsPerMessage: number;
}

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** CPU seconds (user + system) used so far by process `pid`. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

async function timed(count: number, width: number, job: (i: number) => Promise<void>) {
  const limit = pLimit(width);
  const started = Date.now();
  await Promise.all([...Array(count).keys()].map((i) => limit(() => job(i))));
  return count / ((Date.now() - started) / 1000);
}

export async function synapseRate(
  hs: SynapseHandle,
  label: string,
  sizes: { users: number; rooms: number; messages: number; width: number },
): Promise<SynapseRate> {
  const admin = await hs.registerUser("rateadmin", { admin: true });
  const sender = new MatrixClient(hs.baseUrl, admin.accessToken, admin.userId);
  const usersPerSecond = await timed(sizes.users, sizes.width, async (i) => {
    await matrixRequest(hs.baseUrl, "PUT", `/_synapse/admin/v2/users/@u${i}:${hs.serverName}`, {
      accessToken: admin.accessToken,
      body: { displayname: `u${i}` },
    });
  });
  const rooms: string[] = [];
  const roomsPerSecond = await timed(sizes.rooms, sizes.width, async (i) => {
    rooms.push(
      await sender.createRoom({
        preset: "trusted_private_chat",
        isDirect: true,
        invite: [`@u${i % Math.max(1, sizes.users)}:${hs.serverName}`],
      }),
    );
  });
  const cpuBefore = cpuSeconds(hs.pid);
  const messagesPerSecond = await timed(sizes.messages, sizes.width, async (i) => {
    await sender.sendText(rooms[i % rooms.length] ?? "", `message ${i}`);
  });
  const cpuMsPerMessage = ((cpuSeconds(hs.pid) - cpuBefore) * 1000) / sizes.messages;
  return { database: label, usersPerSecond, roomsPerSecond, messagesPerSecond, cpuMsPerMessage };
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
          `${r.roomsPerSecond.toFixed(1)}/s, messages ${r.messagesPerSecond.toFixed(1)}/s ` +
          `(Synapse CPU ${r.cpuMsPerMessage.toFixed(1)} ms per message)`,
      );
    } finally {
      await hs.stop();
    }
  }
}
