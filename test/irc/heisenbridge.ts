/**
 * heisenbridge, the IRC bridge of the IRC end-to-end tests, as a Synapse application service.
 *
 * `ensureHeisenbridgeInstalled()` puts a pinned heisenbridge (and its pinned dependencies, wheels
 * only) into `<repo>/.cache/heisenbridge-venv`, once. `generateRegistration()` writes the
 * application service registration that Synapse loads; `startHeisenbridge()` runs the bridge in
 * the foreground (through `hb_fast.py`, which turns its IRC flood throttle off) and waits until
 * it is running.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { killOnExit, run, stopChild, tail } from "../support/child-process.js";
import { ensurePinnedVenv, venvPython } from "../support/python-venv.js";

export const HEISENBRIDGE_VERSION = "1.15.4";

/**
 * Everything pip installed for HEISENBRIDGE_VERSION on Python 3.11, used as a constraints file so
 * that a new release of some dependency cannot change the bridge under the tests.
 */
const PINNED_DEPENDENCIES = [
  "aiohappyeyeballs==2.7.1",
  "aiohttp==3.14.5",
  "aiosignal==1.4.0",
  "annotated-doc==0.0.7",
  "annotated-types==0.8.0",
  "attrs==26.1.0",
  "backports.tarfile==1.2.0",
  "frozenlist==1.8.0",
  `heisenbridge==${HEISENBRIDGE_VERSION}`,
  "idna==3.20",
  "irc==20.3.1",
  "jaraco.collections==5.2.1",
  "jaraco.context==6.1.2",
  "jaraco.functools==4.6.0",
  "jaraco.logging==3.4.0",
  "jaraco.stream==3.0.4",
  "jaraco.text==4.3.0",
  "markdown-it-py==4.3.0",
  "mautrix==0.20.8",
  "mdurl==0.1.2",
  "more-itertools==11.2.1",
  "multidict==7.2.1",
  "propcache==0.5.4",
  "pydantic==2.14.3",
  "pydantic_core==2.50.4",
  "Pygments==2.21.0",
  "python-dateutil==4.0.0",
  "python-socks==3.2.1",
  "pytz==2026.6",
  "rich==15.0.0",
  "ruamel.yaml==0.18.17",
  "ruamel.yaml.clib==0.2.15",
  "shellingham==1.5.4",
  "tempora==5.13.0",
  "typer==0.29.2",
  "typer-slim==0.24.0",
  "typing-inspection==0.4.5",
  "typing_extensions==4.16.0",
  "tzdata==2026.6",
  "yarl==1.25.1",
];

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, "..", "..");
export const HEISENBRIDGE_VENV = path.join(REPO_ROOT, ".cache", "heisenbridge-venv");
const VENV_PYTHON = venvPython(HEISENBRIDGE_VENV);
const VENV_HEISENBRIDGE = path.join(HEISENBRIDGE_VENV, "bin", "heisenbridge");
/** The launcher that runs heisenbridge without its IRC output throttle (see the file). */
export const FAST_LAUNCHER = path.join(HERE, "hb_fast.py");

/**
 * Makes sure the pinned heisenbridge is installed in `.cache/heisenbridge-venv`. Safe to call
 * from several test files at once (an install lock serialises them). Throws with pip's output if
 * the install fails (never skips); set HEISENBRIDGE_PYTHON to choose the base interpreter.
 */
export async function ensureHeisenbridgeInstalled(): Promise<void> {
  await ensurePinnedVenv({
    dir: HEISENBRIDGE_VENV,
    distribution: "heisenbridge",
    version: HEISENBRIDGE_VERSION,
    constraints: PINNED_DEPENDENCIES,
    markerFile: "ptg-heisenbridge-installed",
    label: "heisenbridge",
    pythonEnvVar: "HEISENBRIDGE_PYTHON",
    requiredFiles: [VENV_HEISENBRIDGE],
    timeoutMs: 10 * 60_000,
  });
}

// ---------------------------------------------------------------------------------------------
// Registration and running
// ---------------------------------------------------------------------------------------------

/**
 * Writes heisenbridge's application service registration (random tokens, the puppet namespace
 * `@irc_.*`, the bridge user `@heisenbridge`) for a bridge listening on 127.0.0.1:`port`.
 */
export async function generateRegistration(file: string, port: number): Promise<void> {
  await ensureHeisenbridgeInstalled();
  await run(VENV_HEISENBRIDGE, ["-c", file, "--generate", "-l", "127.0.0.1", "-p", String(port)]);
}

export interface StartHeisenbridgeOptions {
  registrationFile: string;
  /** Must be the port written into the registration. */
  port: number;
  homeserverUrl: string;
  /** The Matrix user who owns the bridge: gets its control room, may add networks and plumb. */
  owner: string;
  /** Where the bridge's output goes. */
  logFile: string;
  /** Run through hb_fast.py (no IRC flood throttle); default true. */
  fast?: boolean;
  /** How long to wait for "bridge is now running"; default 60 s. */
  startupTimeoutMs?: number;
}

export interface HeisenbridgeHandle {
  /** Where the bridge's output is written when it stops. */
  logFile: string;
  /** Everything the bridge logged so far (INFO level). */
  log(): string;
  /**
   * Resolves with the first log line that matches, waiting for it if needed. `fromOffset` (a
   * `log().length` taken earlier) skips what was logged before.
   */
  waitForLog(pattern: RegExp, timeoutMs?: number, fromOffset?: number): Promise<string>;
  /** SIGTERM, SIGKILL after 5 s. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the bridge and waits until it says it is running. */
export async function startHeisenbridge(
  options: StartHeisenbridgeOptions,
): Promise<HeisenbridgeHandle> {
  await ensureHeisenbridgeInstalled();
  const [binary, launcher]: [string, string[]] =
    options.fast === false ? [VENV_HEISENBRIDGE, []] : [VENV_PYTHON, [FAST_LAUNCHER]];
  const args = [
    "-v", // INFO: invites it ignores, rooms it joins, transactions
    "-c",
    options.registrationFile,
    "-l",
    "127.0.0.1",
    "-p",
    String(options.port),
    "-o",
    options.owner,
    options.homeserverUrl,
  ];
  const child = spawn(binary, [...launcher, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PYTHONUNBUFFERED: "1",
      PTG_HEISENBRIDGE_VERSION: HEISENBRIDGE_VERSION,
    },
  });
  const bridge = watch(child, options.logFile);
  try {
    await bridge.waitForLog(/bridge is now running/, options.startupTimeoutMs ?? 60_000);
  } catch (error) {
    await bridge.stop();
    throw new Error(
      `heisenbridge did not start: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return bridge;
}

function watch(child: ChildProcess, logFile: string): HeisenbridgeHandle {
  let output = "";
  let exited: string | undefined;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };
  const collect = (chunk: Buffer): void => {
    output += chunk.toString("utf8");
    notify();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  child.once("exit", (code, signal) => {
    exited = `exited (code ${String(code)}, signal ${String(signal)})`;
    notify();
  });
  child.once("error", (error) => {
    exited = `could not be started: ${error.message}`;
    notify();
  });
  const unguard = killOnExit(child);

  let stopping: Promise<void> | undefined;
  return {
    logFile,
    log: () => output,
    waitForLog(pattern, timeoutMs = 15_000, fromOffset = 0) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const line = output
            .slice(fromOffset)
            .split("\n")
            .find((l) => pattern.test(l));
          if (line !== undefined) {
            finish();
            resolve(line);
            return true;
          }
          if (exited !== undefined) {
            finish();
            reject(new Error(`heisenbridge ${exited}; its output:\n${tail(output, 40)}`));
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(
              `no heisenbridge log line matching ${String(pattern)} within ${timeoutMs} ms; ` +
                `its output:\n${tail(output, 40)}`,
            ),
          );
        }, timeoutMs);
        const listener = (): void => {
          check();
        };
        const finish = (): void => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        if (!check()) listeners.add(listener);
      });
    },
    stop() {
      stopping ??= (async () => {
        await stopChild(child, { graceMs: 5_000 });
        unguard();
        await writeFile(logFile, output).catch(() => undefined);
      })();
      return stopping;
    },
  };
}
