// Runs the command line (bin/ptg.ts) in a child process, as a user would.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";

const BIN = path.resolve("bin/ptg.ts");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The embedded database unless a test asks for PostgreSQL; no Matrix unless asked.
  delete env.DATABASE_URL;
  delete env.MATRIX_HOMESERVER_URL;
  delete env.MATRIX_ACCESS_TOKEN;
  return { ...env, PTG_DATA_DIR: dataDir, ...extra };
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--import", "tsx", BIN, ...args], { env });
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, input = ""): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** Resolves when the child's stdout has printed text matching `pattern`. */
export function waitForOutput(
  child: ChildProcessWithoutNullStreams,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => {
      child.stdout.off("data", onData);
      reject(new Error(`Timed out waiting for ${String(pattern)}; output so far:\n${seen}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        resolve(seen);
      }
    };
    child.stdout.on("data", onData);
  });
}
