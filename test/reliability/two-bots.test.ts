// Two bot processes (`ptg start --only bot`, same account, same settings) on one private
// PostgreSQL cluster and a real Synapse, commands streaming from a moderator: kill -9 the active
// one; later, terminate only the active one's lock connection. Each time the other takes over;
// every command is applied once and answered once; two never act at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_APPLICATION } from "../../bot/sync/instance-lock.js";
import { MatrixClient } from "../support/matrix-client.js";
import { createPgCluster, type PgCluster } from "../support/pg-cluster.js";
import { startPtg, type PtgProcess } from "../support/ptg-process.js";
import { useSynapse } from "../support/use-synapse.js";
import { RoomCommands } from "./room-commands.js";

const ACTIVE = /This bot instance is the active one/;
const STANDING_BY = /Another bot instance is active/;
const STOPS = /this bot instance stops acting/;

const synapse = useSynapse({ users: ["mod", "ptgbot"] });
let cluster: PgCluster | undefined;
let setupError: unknown;
let mod: MatrixClient;
let botId = "";
let botToken = "";

beforeAll(async () => {
  try {
    cluster = await createPgCluster();
    const hs = synapse();
    mod = hs.users.mod;
    botId = hs.users.ptgbot.userId;
    botToken = hs.users.ptgbot.accessToken;
  } catch (error) {
    setupError = error; // rethrown by the test, so that it fails rather than skips
  }
}, 15 * 60_000);
afterAll(async () => {
  await cluster?.destroy();
}, 60_000);

function env(): Record<string, string> {
  if (cluster === undefined) throw new Error("no setup");
  return {
    DATABASE_URL: cluster.url(),
    MATRIX_HOMESERVER_URL: synapse().baseUrl,
    MATRIX_ACCESS_TOKEN: botToken,
    PTG_DEFAULT_EVENT: "ptg",
    LOG_LEVEL: "info",
  };
}

const startBotProcess = (): PtgProcess => startPtg(["--only", "bot"], env());

/** The pid of the connection that holds the bot's advisory lock. */
async function lockHolderPid(db: PgCluster): Promise<number> {
  const rows = await db.query<{ pid: number }>(
    `select a.pid from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.granted and a.application_name = $1`,
    [LOCK_APPLICATION],
  );
  expect(rows).toHaveLength(1);
  return rows[0]?.pid ?? 0;
}

/**
 * The periods during which each process said it was active, from its log lines (ended by its
 * "stops acting" line, its death, or the end of the test): none may overlap another.
 */
function expectNeverTwoActive(processes: { proc: PtgProcess; diedAt?: number }[]): void {
  const periods: { from: number; to: number; who: number }[] = [];
  for (const [who, { proc, diedAt }] of processes.entries()) {
    let from: number | null = null;
    const close = (to: number): void => {
      if (from !== null) periods.push({ from, to, who });
      from = null;
    };
    for (const line of proc.lines) {
      if (ACTIVE.test(line.text)) from ??= line.at;
      if (STOPS.test(line.text)) close(line.at);
    }
    close(diedAt ?? Number.MAX_SAFE_INTEGER);
  }
  for (const a of periods) {
    for (const b of periods) {
      if (a.who === b.who) continue;
      const overlap = a.from < b.to && b.from < a.to;
      expect(overlap, `process ${a.who} and ${b.who} both active`).toBe(false);
    }
  }
}

describe("two bot instances on one account", { timeout: 600_000 }, () => {
  it("a standby takes over after kill -9 and after the active one's lock connection is cut", async () => {
    if (cluster === undefined) {
      throw setupError instanceof Error ? setupError : new Error("the setup failed");
    }
    const db = cluster;
    const first = startBotProcess();
    const processes: { proc: PtgProcess; diedAt?: number }[] = [{ proc: first }];
    let second: PtgProcess | undefined;
    let third: PtgProcess | undefined;
    try {
      await first.waitForLine(/Matrix bot connected/);
      const room = await mod.createRoom({ name: "PTG", preset: "public_chat" });
      await mod.invite(room, botId);
      await mod.waitForEvent(
        room,
        (e) =>
          e.type === "m.room.member" && e.state_key === botId && e.content.membership === "join",
      );
      await mod.syncToNow();
      await mod.sendText(room, "~add alpha beta");
      await mod.waitForMessage(room, (e) => e.sender === botId);

      second = startBotProcess();
      processes.push({ proc: second });
      await second.waitForLine(STANDING_BY);

      // kill -9 the active one while commands stream in.
      const killed = new RoomCommands(mod, room, "alpha", "k");
      await killed.sendMany(5);
      await first.kill9();
      processes[0] = { proc: first, diedAt: Date.now() };
      await killed.sendMany(5);
      await second.waitForLine(ACTIVE);
      await killed.sendMany(5);
      await killed.expectEachAppliedAndAnsweredOnce(db, botId);

      // Cut only the active one's lock connection: it stops acting, the standby takes over.
      third = startBotProcess();
      processes.push({ proc: third });
      await third.waitForLine(STANDING_BY);
      const cut = new RoomCommands(mod, room, "beta", "c");
      await cut.sendMany(5);
      const from = second.lines.length;
      await db.query("select pg_terminate_backend($1)", [await lockHolderPid(db)]);
      await cut.sendMany(5);
      await second.waitForLine(STOPS, { from });
      await third.waitForLine(ACTIVE);
      // The one that was cut competes again, and waits as the standby.
      await second.waitForLine(STANDING_BY, { from });
      await cut.sendMany(5);
      await cut.expectEachAppliedAndAnsweredOnce(db, botId);

      expectNeverTwoActive(processes);
      expect(second.exited).toBeUndefined();
      expect(third.exited).toBeUndefined();
    } finally {
      await first.stop();
      const results = await Promise.all([second?.stop(), third?.stop()]);
      for (const result of results) {
        if (result !== undefined) expect(result).toEqual({ code: 0, signal: null });
      }
    }
  });
});
