// (d) Start to ready, and idle memory: the compiled server (`node dist/bin/ptg.js start --only
// server`, what `npm start` execs) on a new database (migrations, and on PGlite the demo import)
// and started again on the same one. Ready = it prints "Serving on"; idle memory = its resident
// set a few seconds after one page's worth of requests.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { PROJECT_ROOT } from "../shared/project-files.js";
import { findFreePort } from "../test/support/free-port.js";
import type { StoreKind } from "./protocol.js";

const ENTRY = path.join(PROJECT_ROOT, "dist/bin/ptg.js");
const SETTLE_MS = 3000;

export interface StartFigures {
  readyMs: number;
  /** The process's CPU time (all threads, and a waited-for initdb child) at "Serving on". */
  readyCpuMs: number;
  idleRssBytes: number;
}

export interface StartReport {
  store: StoreKind;
  first: StartFigures;
  again: StartFigures;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${String(pid)}`);
  return Number(kb) * 1024;
}

/** Linux's USER_HZ: /proc reports CPU times in 1/100 s on every mainstream architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time of a process so far (user + system, its own and its waited-for children's), in ms. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, "utf8");
  // Fields after the command name (which may hold spaces): state is [0], utime [11] … cstime [14].
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function startOnce(env: NodeJS.ProcessEnv): Promise<StartFigures> {
  const port = await findFreePort();
  const started = performance.now();
  const child = spawn(process.execPath, [ENTRY, "start", "--only", "server"], {
    // At info: "Serving on" is an info line.
    env: { ...env, PORT: String(port), LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const [readyMs, readyCpuMs] = await new Promise<[number, number]>((resolve, reject) => {
      let seen = "";
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => {
        seen += chunk;
        if (seen.includes("Serving on")) {
          resolve([performance.now() - started, cpuMsOf(child.pid ?? 0)]);
        }
      });
      child.on("exit", (code) => {
        reject(new Error(`the server exited (${String(code)}): ${seen}`));
      });
    });
    // One page's worth of requests, then idle.
    const base = `http://127.0.0.1:${String(port)}`;
    for (const url of ["/events/ptg", "/api/v1/events/ptg", "/widget/"]) {
      await (await fetch(`${base}${url}`, { headers: { "accept-encoding": "br" } })).arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return { readyMs, readyCpuMs, idleRssBytes: rssOf(child.pid ?? 0) };
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

/** A scratch database on the server of `adminUrl`; returns its URL and a function dropping it. */
async function scratchDatabase(
  adminUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ptg_bench_${String(process.pid)}_${String(Date.now())}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export async function startToReady(
  store: StoreKind,
  adminUrl: string | null,
): Promise<StartReport> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build:server`);
  const dataDir = mkdtempSync(path.join(tmpdir(), "ptg-bench-start-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PTG_DATA_DIR: dataDir, PTG_DEMO: "true" };
  delete env.DATABASE_URL;
  delete env.MATRIX_HOMESERVER_URL;
  delete env.MATRIX_ACCESS_TOKEN;
  let drop: (() => Promise<void>) | null = null;
  try {
    if (store === "postgres") {
      if (adminUrl === null) throw new Error("DATABASE_URL is not set");
      const scratch = await scratchDatabase(adminUrl);
      drop = scratch.drop;
      env.DATABASE_URL = scratch.url;
    }
    const first = await startOnce(env);
    const again = await startOnce(env);
    return { store, first, again };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await drop?.();
  }
}
