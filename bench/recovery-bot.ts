// Recovery times of the Matrix bot: a private PostgreSQL cluster, a real Synapse (installed
// into .cache/ on first use, as the tests do), bot processes (`ptg start --only bot`). Prints
// one line per figure; no targets are asserted.
//
//   npx tsx bench/recovery-bot.ts [--outage-ms 15000]
//
// - kill -9: from killing the active bot to the standby's reply to a command sent right after;
// - lock cut: from terminating the active bot's lock connection to the standby's reply;
// - homeserver: Synapse killed, down for --outage-ms, started again: from it answering again to
//   the bot's reply to a command sent then (the sync back-off is capped at 10 s).
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { LOCK_APPLICATION } from "../bot/sync/instance-lock.js";
import { MatrixClient } from "../test/support/matrix-client.js";
import { createPgCluster } from "../test/support/pg-cluster.js";
import { startPtg, type PtgProcess } from "../test/support/ptg-process.js";
import { startRestartableSynapse } from "../test/support/synapse-restart.js";

const { values } = parseArgs({ options: { "outage-ms": { type: "string", default: "15000" } } });
const outageMs = Number(values["outage-ms"]);

const cluster = await createPgCluster();
const hs = await startRestartableSynapse();
const running: PtgProcess[] = [];
try {
  const modUser = await hs.handle.registerUser("mod", { displayName: "Moderator" });
  const mod = new MatrixClient(hs.baseUrl, modUser.accessToken, modUser.userId);
  const bot = await hs.handle.registerUser("ptgbot", { displayName: "ptgbot" });
  const env = {
    DATABASE_URL: cluster.url(),
    MATRIX_HOMESERVER_URL: hs.baseUrl,
    MATRIX_ACCESS_TOKEN: bot.accessToken,
    LOG_LEVEL: "info",
  };
  const startBot = (): PtgProcess => {
    const proc = startPtg(["--only", "bot"], env);
    running.push(proc);
    return proc;
  };

  // Restarted once, so that the outage below is a SIGKILL of a process this script owns.
  await hs.stop();
  await hs.start();
  const first = startBot();
  await first.waitForLine(/Matrix bot connected/, { timeoutMs: 120_000 });
  const room = await mod.createRoom({ name: "bench", preset: "public_chat" });
  await mod.invite(room, bot.userId);
  await mod.waitForEvent(
    room,
    (e) =>
      e.type === "m.room.member" && e.state_key === bot.userId && e.content.membership === "join",
  );
  let n = 0;
  /** Sends a command and resolves when the bot's reply to it has arrived. */
  const roundTrip = async (): Promise<void> => {
    await mod.syncToNow();
    await mod.sendText(room, `#bench next item-${++n}`);
    await mod.waitForMessage(room, (e) => e.sender === bot.userId, 180_000);
  };
  await mod.syncToNow();
  await mod.sendText(room, "~add bench");
  await mod.waitForMessage(room, (e) => e.sender === bot.userId);

  const second = startBot();
  await second.waitForLine(/Another bot instance is active/, { timeoutMs: 120_000 });
  let t = Date.now();
  await first.kill9();
  await roundTrip();
  console.log(`kill -9 of the active bot: the standby replied after ${Date.now() - t} ms`);

  const third = startBot();
  await third.waitForLine(/Another bot instance is active/, { timeoutMs: 120_000 });
  const [holder] = await cluster.query<{ pid: number }>(
    `select a.pid from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.granted and a.application_name = $1`,
    [LOCK_APPLICATION],
  );
  t = Date.now();
  await cluster.query("select pg_terminate_backend($1)", [holder?.pid ?? 0]);
  await roundTrip();
  console.log(`lock connection of the active bot cut: a reply after ${Date.now() - t} ms`);

  await hs.stop("SIGKILL");
  await sleep(outageMs);
  await hs.start();
  t = Date.now();
  await roundTrip();
  console.log(
    `homeserver killed for ${outageMs} ms: a reply ${Date.now() - t} ms after it answers again`,
  );
} finally {
  await Promise.all(running.map((p) => p.stop()));
  await hs.destroy();
  await cluster.destroy();
}
