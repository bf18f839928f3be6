/**
 * A private PostgreSQL cluster for tests that stop, restart or break the database: initdb and
 * pg_ctl from the Debian packages (PG_BIN, else /usr/lib/postgresql/<15|16|17>/bin), a fresh
 * temp dir and a free port, trust authentication on 127.0.0.1. Never touches the shared server.
 * As root (a container), the server runs as the `postgres` user, since PostgreSQL refuses root.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { run, tail } from "./child-process.js";
import { findFreePort } from "./free-port.js";

export interface PgCluster {
  port: number;
  /** A connection URL for `database` (default "ptg") as `user` (default "postgres"). */
  url(database?: string, user?: string): string;
  /** Starts the server and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops the server; "immediate" is a crash as far as the clients can tell. */
  stop(mode?: "immediate" | "fast"): Promise<void>;
  /** Runs SQL as the superuser on `database` (default "ptg"). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
    database?: string,
  ): Promise<T[]>;
  logTail(lines?: number): Promise<string>;
  /** Stops the server (if running) and removes the temp dir. */
  destroy(): Promise<void>;
}

function findBinDir(): string {
  const candidates = [
    process.env.PG_BIN,
    ...["17", "16", "15"].map((v) => `/usr/lib/postgresql/${v}/bin`),
  ].filter((d): d is string => d !== undefined && d !== "");
  for (const dir of candidates) if (existsSync(path.join(dir, "pg_ctl"))) return dir;
  throw new Error(
    `No PostgreSQL server binaries (initdb, pg_ctl) in ${candidates.join(", ")}: install the ` +
      "postgresql package or set PG_BIN",
  );
}

const asRoot = process.getuid?.() === 0;

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}

/** Runs a server binary, as the postgres user when this process is root. */
function runPg(bin: string, tool: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const file = path.join(bin, tool);
  return asRoot
    ? run("runuser", ["-u", "postgres", "--", file, ...args], timeoutMs)
    : run(file, args, timeoutMs);
}

/** Creates a cluster with a database "ptg" and starts it. */
export async function createPgCluster(): Promise<PgCluster> {
  const bin = findBinDir();
  const root = await mkdtemp(path.join(tmpdir(), "ptg-pgcluster-"));
  const dataDir = path.join(root, "data");
  const logFile = path.join(root, "server.log");
  if (asRoot) {
    const { uid, gid } = postgresIds();
    await chown(root, uid, gid);
  }
  await chmod(root, 0o755);
  await runPg(bin, "initdb", [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  let port = await findFreePort();
  let running = false;

  const url = (database = "ptg", user = "postgres"): string =>
    `postgres://${user}@127.0.0.1:${port}/${database}`;

  async function startOn(p: number): Promise<void> {
    await runPg(bin, "pg_ctl", [
      "-D",
      dataDir,
      "-l",
      logFile,
      "-w",
      "-t",
      "60",
      "-o",
      // fsync off: a stopped server's data is in the OS cache, which survives a process crash.
      `-p ${p} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      "start",
    ]);
  }

  const cluster: PgCluster = {
    get port() {
      return port;
    },
    url,
    async start() {
      for (let attempt = 1; ; attempt++) {
        try {
          await startOn(port);
          running = true;
          return;
        } catch (error) {
          const log = await readFile(logFile, "utf8").catch(() => "");
          // The port was taken meanwhile: only before the first start may it change.
          if (attempt < 3 && !running && /already in use/.test(log)) {
            port = await findFreePort();
            continue;
          }
          throw error;
        }
      }
    },
    async stop(mode = "immediate") {
      await runPg(bin, "pg_ctl", ["-D", dataDir, "-m", mode, "-w", "stop"]);
    },
    async query<T extends pg.QueryResultRow>(
      text: string,
      values: unknown[] = [],
      database = "ptg",
    ) {
      const client = new pg.Client({ connectionString: url(database) });
      client.on("error", () => undefined);
      await client.connect();
      try {
        return (await client.query<T>(text, values)).rows;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    async logTail(lines = 40) {
      return tail(await readFile(logFile, "utf8").catch(() => ""), lines);
    },
    async destroy() {
      await runPg(bin, "pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(
        () => undefined,
      );
      await rm(root, { recursive: true, force: true });
    },
  };

  await cluster.start();
  await cluster.query("create database ptg", [], "postgres");
  return cluster;
}
