/**
 * Pinned Python virtual environments for the test harnesses (Synapse, heisenbridge): one
 * distribution at a pinned version, installed from wheels only under a constraints file that pins
 * every dependency, so that a new release of anything cannot change the tests' servers.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { run } from "./child-process.js";

export interface PinnedVenvOptions {
  /** The venv directory, e.g. `<repo>/.cache/synapse-venv`; its install lock is `<dir>.lock`. */
  dir: string;
  /** The distribution to install (pip's and importlib.metadata's name), e.g. "matrix-synapse". */
  distribution: string;
  version: string;
  /** Every "name==version" pip installs, the distribution included: the constraints file. */
  constraints: readonly string[];
  /** The file in `dir` whose content records a finished install of exactly these pins. */
  markerFile: string;
  /** What messages call the software, e.g. "Synapse". */
  label: string;
  /** The environment variable that may name the base interpreter (else python3). */
  pythonEnvVar: string;
  /** Files (absolute, or relative to `dir`) that must exist too, e.g. "bin/heisenbridge". */
  requiredFiles?: readonly string[];
  /** The limit for pip install, and for waiting on another process's install. */
  timeoutMs: number;
}

/** The venv's python. */
export function venvPython(dir: string): string {
  return path.join(dir, "bin", "python");
}

/**
 * Makes sure the pinned distribution is installed in `options.dir` and returns the venv's python.
 * Safe to call from several test files at once (an install lock serialises them). Throws with
 * pip's output if the install fails (never skips).
 */
export async function ensurePinnedVenv(options: PinnedVenvOptions): Promise<string> {
  if (!(await isInstalled(options))) {
    await withInstallLock(options, async () => {
      if (!(await isInstalled(options))) await install(options);
    });
  }
  return venvPython(options.dir);
}

/** What the marker file holds: changing the version or a pin forces a reinstall. */
function installStamp(options: PinnedVenvOptions): string {
  const pins = createHash("sha256").update(options.constraints.join("\n")).digest("hex");
  return `${options.distribution} ${options.version} ${pins.slice(0, 16)}`;
}

async function isInstalled(options: PinnedVenvOptions): Promise<boolean> {
  const files = [venvPython(options.dir), ...(options.requiredFiles ?? [])];
  if (!files.every((file) => existsSync(path.resolve(options.dir, file)))) return false;
  const stamp = await readFile(path.join(options.dir, options.markerFile), "utf8").catch(() => "");
  return stamp.trim() === installStamp(options);
}

async function install(options: PinnedVenvOptions): Promise<void> {
  const { dir, distribution, version, label } = options;
  const python = venvPython(dir);
  const basePython = process.env[options.pythonEnvVar] ?? "python3";
  const fail = (step: string, error: unknown): Error =>
    new Error(
      `Could not install ${distribution} ${version} into ${dir} (${step}): ` +
        (error instanceof Error ? error.message : String(error)),
      { cause: error },
    );

  try {
    await run(basePython, [
      "-c",
      "import sys; assert sys.version_info >= (3, 10), " +
        `${JSON.stringify(`${label} needs Python 3.10 or newer, this is `)} + sys.version`,
    ]);
  } catch (error) {
    throw fail(`checking ${basePython} (set ${options.pythonEnvVar} to choose another)`, error);
  }

  await rm(dir, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  try {
    await run(basePython, ["-m", "venv", dir]);
  } catch (error) {
    throw fail("creating the virtual environment (on Debian: apt-get install python3-venv)", error);
  }

  const constraints = path.join(dir, "ptg-constraints.txt");
  await writeFile(constraints, options.constraints.join("\n") + "\n");
  try {
    await pipInstall(
      python,
      ["--constraint", constraints, `${distribution}==${version}`],
      options.timeoutMs,
    );
    const installed = await run(python, [
      "-c",
      `import importlib.metadata as m; print(m.version(${JSON.stringify(distribution)}))`,
    ]);
    if (installed.trim() !== version) {
      throw new Error(`the venv reports ${distribution} ${installed.trim()}`);
    }
  } catch (error) {
    throw fail("pip install", error);
  }
  await writeFile(path.join(dir, options.markerFile), installStamp(options) + "\n");
}

/** Runs `fn` while holding a directory lock; a lock left by a dead process is taken over. */
async function withInstallLock(options: PinnedVenvOptions, fn: () => Promise<void>): Promise<void> {
  const lock = `${options.dir}.lock`;
  await mkdir(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if (!isErrno(error, "EEXIST")) throw error;
    }
    const owner = Number(await readFile(path.join(lock, "pid"), "utf8").catch(() => ""));
    if (owner > 0 && !isAlive(owner)) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for another ${options.label} install (lock ${lock})`);
    }
    await sleep(500);
  }
  try {
    await writeFile(path.join(lock, "pid"), String(process.pid));
    await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, "ESRCH");
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}

/** `pip install` into the venv of `python`: binary wheels only, no questions. */
export async function pipInstall(
  python: string,
  args: readonly string[],
  timeoutMs?: number,
): Promise<void> {
  await run(
    python,
    [
      "-m",
      "pip",
      "install",
      "--disable-pip-version-check",
      "--no-input",
      "--only-binary=:all:",
      ...args,
    ],
    timeoutMs,
  );
}
