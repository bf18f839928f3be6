// Recovery times after database faults, measured on a private PostgreSQL cluster (initdb/pg_ctl
// from the Debian packages, temp dir, free port) with `ptg start` (server + console) in a child
// process, as an operator runs it. Prints one line per figure; no targets are asserted.
//
//   npx tsx bench/recovery.ts [--outage-ms 10000] [--rounds 3]
//
// - readyz: from `pg_ctl start` returning (after a crash-stop and an outage) to /readyz 200;
// - command: from `pg_ctl start` returning to the first console command applied;
// - live: from that command's reply to its change on a live stream opened before the outage;
// - listen: a lone change committed while the LISTEN connection is gone (periodic version check
//   off): from the listener being allowed back to the change on a live stream (the catch-up).
import { spawn } from "node:child_process";
import http from "node:http";
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { streamUrl } from "../shared/api/stream.js";
import { LISTENER_APPLICATION } from "../shared/db/pg-listener.js";
import { killOnExit, stopChild } from "../test/support/child-process.js";
import { findFreePort } from "../test/support/free-port.js";
import { createPgCluster, type PgCluster } from "../test/support/pg-cluster.js";
import { startPtg, type PtgProcess } from "../test/support/ptg-process.js";

const { values } = parseArgs({
  options: {
    "outage-ms": { type: "string", default: "10000" },
    rounds: { type: "string", default: "3" },
  },
});
const outageMs = Number(values["outage-ms"]);
const rounds = Number(values.rounds);

const STORE_UNAVAILABLE = /nothing was changed|Nothing was changed/i;
const REPLY = /^(OK|[^\s:{][^:]*: .*|Error: .*)$/;

/** Resolves when `check` is true, polling every `everyMs`. */
async function until(check: () => Promise<boolean> | boolean, everyMs = 20): Promise<void> {
  for (;;) {
    if (await check()) return;
    await sleep(everyMs);
  }
}

/** A live stream whose `id:` lines are collected with the time they arrived. */
function openStream(url: string): { seen: Map<string, number>; close(): void } {
  const seen = new Map<string, number>();
  const request = http.get(url, { headers: { accept: "text/event-stream" } }, (response) => {
    response.setEncoding("utf8");
    let buffer = "";
    response.on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith("id: ")) seen.set(line.slice(4), Date.now());
    });
  });
  request.on("error", () => undefined);
  return { seen, close: () => request.destroy() };
}

async function version(cluster: PgCluster): Promise<number> {
  const [row] = await cluster.query<{ version: number }>(
    "select version from events where slug = 'ptg'",
  );
  return row?.version ?? -1;
}

async function command(proc: PtgProcess, text: string): Promise<string> {
  const from = proc.lines.length;
  proc.type(text);
  return (await proc.waitForLine(REPLY, { from, stream: "stdout", timeoutMs: 60_000 })).text;
}

async function outageRounds(cluster: PgCluster): Promise<void> {
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = startPtg([], { DATABASE_URL: cluster.url(), PORT: String(port) });
  try {
    await proc.waitForLine(/^PTG console on event/, { timeoutMs: 120_000 });
    await command(proc, "~add bench");
    for (let round = 1; round <= rounds; round++) {
      const stream = openStream(`${base}${streamUrl("ptg")}`);
      await until(() => stream.seen.size > 0);
      await cluster.stop("immediate");
      await sleep(outageMs);
      await cluster.start();
      const back = Date.now();
      let readyAt = 0;
      const ready = until(async () => {
        const ok = (await fetch(`${base}/readyz`).catch(() => null))?.status === 200;
        if (ok) readyAt = Date.now();
        return ok;
      });
      let reply = "";
      let n = 0;
      do reply = await command(proc, `#bench next round-${round}-${++n}`);
      while (STORE_UNAVAILABLE.test(reply));
      const appliedAt = Date.now();
      await ready;
      const v = String(await version(cluster));
      await until(() => stream.seen.has(v));
      const liveAt = stream.seen.get(v) ?? 0;
      stream.close();
      console.log(
        `outage ${outageMs} ms, round ${round}: readyz ${readyAt - back} ms, ` +
          `command ${appliedAt - back} ms (${n - 1} refused first), live ${liveAt - appliedAt} ms`,
      );
    }
  } finally {
    await proc.stop();
  }
}

async function listenRounds(cluster: PgCluster): Promise<void> {
  await cluster.query(
    "do $$ begin create role ptg_bench login superuser; exception when duplicate_object then null; end $$",
  );
  const script = new URL("../test/reliability/server-process.ts", import.meta.url).pathname;
  const child = spawn(process.execPath, [
    "--import",
    "tsx",
    script,
    cluster.url("ptg", "ptg_bench"),
  ]);
  const unguard = killOnExit(child);
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const match = /listening (\S+)/.exec(out);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.once("exit", () => {
        reject(new Error("the server process exited"));
      });
    });
    const console_ = startPtg(["--only", "console"], { DATABASE_URL: cluster.url() });
    try {
      await console_.waitForLine(/^PTG console on event/, { timeoutMs: 120_000 });
      for (let round = 1; round <= rounds; round++) {
        const stream = openStream(`${base}${streamUrl("ptg")}`);
        await until(() => stream.seen.size > 0);
        await cluster.query("alter role ptg_bench nologin");
        await cluster.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and usename = 'ptg_bench'",
          [LISTENER_APPLICATION],
        );
        await command(console_, `#bench next lone-${round}`);
        const v = String(await version(cluster));
        await cluster.query("alter role ptg_bench login");
        const allowed = Date.now();
        await until(() => stream.seen.has(v));
        console.log(
          `listen cut, round ${round}: lone change on the live stream ${(stream.seen.get(v) ?? 0) - allowed} ms after the listener may reconnect`,
        );
        stream.close();
      }
    } finally {
      await console_.stop();
    }
  } finally {
    await stopChild(child);
    unguard();
  }
}

const cluster = await createPgCluster();
try {
  await outageRounds(cluster);
  await listenRounds(cluster);
} finally {
  await cluster.destroy();
}
