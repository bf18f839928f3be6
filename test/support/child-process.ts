/**
 * Child-process helpers shared by the test harnesses (Synapse, heisenbridge, ngircd): running a
 * command to completion, stopping a long-running server, and trimming output for error messages.
 */
import { spawn, type ChildProcess } from "node:child_process";

/** Runs a command to completion; rejects with the tail of its output if it fails. */
export function run(command: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let output = "";
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString("utf8")).slice(-20_000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", (error) => {
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.once("close", (code, signal) => {
      if (code === 0) {
        resolve(output);
        return;
      }
      const how = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
      reject(new Error(`${command} ${args.join(" ")} failed (${how}):\n${tail(output, 40)}`));
    });
  });
}

/** The last `lines` lines of `text`, without trailing blank space. */
export function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * If the test process dies without stopping `child`, SIGKILL it rather than leave it behind.
 * Returns the function that removes this guard (call it once the child is stopped).
 */
export function killOnExit(child: ChildProcess): () => void {
  const kill = (): void => {
    child.kill("SIGKILL");
  };
  process.once("exit", kill);
  return () => {
    process.removeListener("exit", kill);
  };
}

export interface StopChildOptions {
  /** How long to wait after SIGTERM before SIGKILL, and after SIGKILL; default 5 s. */
  graceMs?: number;
}

/**
 * SIGTERM, then SIGKILL if the child has not exited within `graceMs`; resolves once it has
 * exited (or `graceMs` after the SIGKILL). Returns at once if it already exited or never started.
 */
export async function stopChild(
  child: ChildProcess,
  options: StopChildOptions = {},
): Promise<void> {
  const graceMs = options.graceMs ?? 5_000;
  // No pid: spawning failed. An exit code or signal: the 'exit' event has already been emitted.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;

  let onExit = (): void => undefined;
  const exited = new Promise<void>((resolve) => {
    onExit = resolve;
    child.once("exit", onExit);
  });
  const exitedWithin = async (ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(resolve, ms, false);
    });
    try {
      return await Promise.race([exited.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  try {
    child.kill("SIGTERM");
    if (await exitedWithin(graceMs)) return;
    child.kill("SIGKILL");
    await exitedWithin(graceMs);
  } finally {
    child.removeListener("exit", onExit);
  }
}
