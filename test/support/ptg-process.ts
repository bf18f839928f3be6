/**
 * `ptg start` (bin/ptg.ts) in a child process, as an operator runs it: every line it prints
 * (stdout and stderr) is kept with the time it arrived, tests wait for lines matching a pattern,
 * write console commands to its stdin, and see whether (and how) it exited.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { killOnExit, stopChild, tail } from "./child-process.js";

const BIN = fileURLToPath(new URL("../../bin/ptg.ts", import.meta.url));

export interface Line {
  at: number;
  stream: "stdout" | "stderr";
  text: string;
}

export interface PtgProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: Line[];
  /** Set once the process has exited. */
  readonly exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Waits for a line (printed from `from` on, an index into `lines`) matching `pattern`. */
  waitForLine(
    pattern: RegExp,
    options?: { from?: number; timeoutMs?: number; stream?: Line["stream"] },
  ): Promise<Line>;
  /** Writes one line to its stdin (the console). */
  type(line: string): void;
  /** The last lines it printed, for assertion messages. */
  output(lines?: number): string;
  /** SIGTERM (SIGKILL after a grace period); resolves with how it exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL at once, as `kill -9` does. */
  kill9(): Promise<void>;
}

/**
 * Starts `ptg start [args]` with exactly the settings in `env` (plus PATH and HOME); the
 * embedded database directory, if used, is a fresh temp dir.
 */
export function startPtg(args: string[], env: Record<string, string>): PtgProcess {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ptg-process-"));
  const child = spawn(process.execPath, ["--import", "tsx", BIN, "start", ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      PTG_DATA_DIR: dataDir,
      ...env,
    },
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
  });
  const unguard = killOnExit(child);
  const lines: Line[] = [];
  const waiters = new Set<() => void>();
  let exited: PtgProcess["exited"];
  /** A log record's message (the process logs JSON lines when not on a terminal); else the line. */
  const logMessage = (line: string): string => {
    if (!line.startsWith("{")) return line;
    try {
      const record = JSON.parse(line) as { msg?: unknown };
      return typeof record.msg === "string" ? record.msg : line;
    } catch {
      return line;
    }
  };
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  const collect = (stream: Line["stream"]) => {
    let partial = "";
    return (chunk: Buffer): void => {
      partial += chunk.toString("utf8");
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      const at = Date.now();
      for (const raw of parts) {
        const text = logMessage(raw);
        lines.push({ at, stream, text });
        if (process.env.PTG_TEST_VERBOSE === "1") console.error(`[ptg ${child.pid}] ${text}`);
      }
      if (parts.length > 0) wake();
    };
  };
  child.stdout.on("data", collect("stdout"));
  child.stderr.on("data", collect("stderr"));
  const done = new Promise<NonNullable<PtgProcess["exited"]>>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      unguard();
      rmSync(dataDir, { recursive: true, force: true });
      wake();
      resolve(exited);
    });
  });

  const output = (n = 60): string => tail(lines.map((l) => l.text).join("\n"), n);

  return {
    child,
    lines,
    get exited() {
      return exited;
    },
    waitForLine(pattern, options = {}) {
      const from = options.from ?? 0;
      const timeoutMs = options.timeoutMs ?? 60_000;
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines
            .slice(from)
            .find(
              (l) =>
                (options.stream === undefined || l.stream === options.stream) &&
                pattern.test(l.text),
            );
          if (found !== undefined) {
            finish();
            resolve(found);
          } else if (exited !== undefined) {
            finish();
            reject(
              new Error(
                `ptg exited (${JSON.stringify(exited)}) before printing ${String(pattern)}:\n${output()}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`Timed out waiting for ${String(pattern)}; output:\n${output()}`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    type(line) {
      child.stdin.write(`${line}\n`);
    },
    output,
    async stop() {
      await stopChild(child, { graceMs: 15_000 });
      return done;
    },
    async kill9() {
      child.kill("SIGKILL");
      await done;
    },
  };
}
