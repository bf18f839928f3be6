/**
 * A throwaway IRC server for end-to-end tests: Debian's ngircd, in the foreground, listening on a
 * free loopback port, with its own config file in a fresh temp dir. Flood penalties, ident and
 * DNS look-ups are off and connections per address are unlimited, so that test clients and the
 * bridge (all from 127.0.0.1) can talk as fast as they like.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants as fsConstants } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { killOnExit, stopChild, tail } from "../support/child-process.js";
import { findFreePort } from "../support/free-port.js";

export interface NgircdHandle {
  host: string;
  port: number;
  /** The IRC server's name (the prefix of its own messages). */
  serverName: string;
  dataDir: string;
  /** What ngircd printed so far (it logs to stdout in the foreground), for assertion messages. */
  output(): string;
  /** SIGTERM, SIGKILL after 5 s, then removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartNgircdOptions {
  /** How long to wait for "ready"; default 15 s. */
  startupTimeoutMs?: number;
  /** Keep the temp dir (config, log) after `stop()`; also PTG_IRC_KEEP=1. */
  keepDataDir?: boolean;
}

const SERVER_NAME = "irc.ptg.test";
const PORT_ATTEMPTS = 3;

/** Where ngircd is: on PATH, or in /usr/sbin (Debian's place, often not on a user's PATH). */
export function findNgircd(): string {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    if (dir === "") continue;
    const candidate = path.join(dir, "ngircd");
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(
    "The IRC tests need the ngircd IRC server, which is not installed (looked on PATH and in " +
      "/usr/sbin). Install it with: apt-get install ngircd",
  );
}

function config(port: number, pidFile: string): string {
  return `# Written by test/irc/ngircd.ts for one test run.
[Global]
Name = ${SERVER_NAME}
Info = PTG test IRC server
AdminInfo1 = PTG tests
AdminInfo2 = loopback only
AdminEMail = nobody@localhost
Listen = 127.0.0.1
Ports = ${port}
MotdPhrase = PTG test server
PidFile = ${pidFile}

[Limits]
# Everyone connects from 127.0.0.1: no per-address limit.
MaxConnectionsIP = 0
MaxJoins = 0
MaxNickLength = 30
# 0 turns flood penalties off (ngircd warns that this is not recommended: fine for tests).
MaxPenaltyTime = 0
PingTimeout = 120
PongTimeout = 20

[Options]
PAM = no
Ident = no
DNS = no
RequireAuthPing = no
`;
}

/** Starts ngircd on a free loopback port and waits until it is listening. */
export async function startNgircd(options: StartNgircdOptions = {}): Promise<NgircdHandle> {
  const binary = findNgircd();
  const keepDataDir = options.keepDataDir === true || process.env.PTG_IRC_KEEP === "1";
  const dataDir = await mkdtemp(path.join(tmpdir(), "ptg-ngircd-"));
  // Started as root, ngircd drops to "nobody" before it writes its PID file: give it a
  // directory it can reach and write.
  await chmod(dataDir, 0o755);
  const runDir = path.join(dataDir, "run");
  await mkdir(runDir);
  await chmod(runDir, 0o1777);
  const configPath = path.join(dataDir, "ngircd.conf");

  try {
    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      await writeFile(configPath, config(port, path.join(runDir, "ngircd.pid")));
      const server = launch(binary, configPath);
      const ready = await waitUntilReady(server, port, options.startupTimeoutMs ?? 15_000);
      if (ready === true) {
        return makeHandle(server, port, dataDir, keepDataDir);
      }
      await server.kill();
      if (attempt < PORT_ATTEMPTS && /already in use/i.test(server.output())) continue;
      throw new Error(
        `ngircd (${binary}) did not start on 127.0.0.1:${port}: ${ready}\n` +
          `--- its output (${configPath}) ---\n${tail(server.output(), 30)}`,
      );
    }
  } catch (error) {
    if (!keepDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

interface RunningProcess {
  child: ChildProcess;
  exited: boolean;
  output(): string;
  kill(): Promise<void>;
}

function launch(binary: string, configPath: string): RunningProcess {
  // -n: stay in the foreground, log to stdout; -f: this config file only.
  const child = spawn(binary, ["-n", "-f", configPath], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-50_000);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);

  const unguard = killOnExit(child);
  const proc: RunningProcess = {
    child,
    exited: false,
    output: () => output,
    async kill() {
      await stopChild(child, { graceMs: 5_000 });
      unguard();
    },
  };
  child.once("exit", () => {
    proc.exited = true;
  });
  child.once("error", (error) => {
    output += `\nspawn failed: ${error.message}\n`;
    proc.exited = true;
  });
  return proc;
}

/** True once ngircd says it listens on `port`, else why not. */
async function waitUntilReady(
  server: RunningProcess,
  port: number,
  timeoutMs: number,
): Promise<true | string> {
  const listening = `Now listening on [127.0.0.1]:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.output().includes(listening) && server.output().includes(" ready.")) return true;
    if (server.exited) return "it exited";
    await sleep(25);
  }
  return `no "${listening}" within ${timeoutMs} ms`;
}

function makeHandle(
  server: RunningProcess,
  port: number,
  dataDir: string,
  keepDataDir: boolean,
): NgircdHandle {
  let stopping: Promise<void> | undefined;
  return {
    host: "127.0.0.1",
    port,
    serverName: SERVER_NAME,
    dataDir,
    output: () => server.output(),
    stop() {
      stopping ??= (async () => {
        await server.kill();
        if (keepDataDir) {
          await writeFile(path.join(dataDir, "ngircd.log"), server.output());
        } else {
          await rm(dataDir, { recursive: true, force: true });
        }
      })();
      return stopping;
    },
  };
}
