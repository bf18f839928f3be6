// `ptg start` checks its address and its homeserver before it opens the database: each problem
// is one line naming the setting and the fix, the exit code is 1, and the data directory is
// never created (no demo schedule loaded into a half-started install).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../support/free-port.js";
import { useSynapse } from "../support/use-synapse.js";
import { cliEnv, runCli, spawnCli, waitForOutput } from "./run-cli.js";

/** The last line logged (the process's log line, readable or JSON). */
function fatalLine(output: string): string {
  const lines = output.split("\n").filter((l) => l.trim() !== "");
  expect(lines.length).toBeGreaterThan(0);
  const last = lines[lines.length - 1] ?? "";
  if (last.startsWith("{")) {
    const record = JSON.parse(last) as { level: number; msg: string };
    expect(record.level).toBeGreaterThanOrEqual(40); // pino's warn, error or fatal
    return record.msg;
  }
  return last;
}

describe("ptg start refuses a bad set-up before writing anything", { timeout: 120_000 }, () => {
  let root: string;
  let dataDir: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), "ptg-preflight-"));
    dataDir = path.join(root, "data"); // does not exist: must still not exist afterwards
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });
  const synapse = useSynapse();

  async function start(extra: Record<string, string>): Promise<string> {
    const result = await runCli(["start"], cliEnv(dataDir, extra));
    expect(result.code).toBe(1);
    expect(existsSync(dataDir)).toBe(false);
    return fatalLine(`${result.stdout}\n${result.stderr}`);
  }

  it("a HOST that does not resolve", async () => {
    const line = await start({ HOST: "not_a_host", PORT: String(await findFreePort()) });
    expect(line).toMatch(/^HOST: cannot resolve 'not_a_host' .*set HOST/);
  });

  it("a PORT in use", async () => {
    const port = await findFreePort();
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(port, "127.0.0.1", resolve));
    try {
      const line = await start({ PORT: String(port) });
      expect(line).toBe(
        `PORT: port ${port} is in use on 127.0.0.1; stop what uses it, or set PORT to a free port`,
      );
    } finally {
      await new Promise<void>((resolve) =>
        busy.close(() => {
          resolve();
        }),
      );
    }
  });

  it("a homeserver that cannot be reached is waited for, told apart from a rejected token", async () => {
    const closed = await findFreePort();
    // Unreachable (down, restarting): one line naming the setting, then it waits, writing nothing.
    const child = spawnCli(
      ["start"],
      cliEnv(dataDir, {
        PORT: String(await findFreePort()),
        MATRIX_HOMESERVER_URL: `http://127.0.0.1:${closed}`,
        MATRIX_ACCESS_TOKEN: "syt_whatever",
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      const seen = await waitForOutput(child, /Waiting for the homeserver at .*\n/);
      expect(fatalLine(seen)).toMatch(
        new RegExp(
          `^Waiting for the homeserver at http://127\\.0\\.0\\.1:${closed}: cannot reach it \\(.*ECONNREFUSED.*\\); check MATRIX_HOMESERVER_URL if this goes on$`,
        ),
      );
      expect(seen).not.toContain("MATRIX_ACCESS_TOKEN");
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      child.kill("SIGTERM");
    }
    await exited;

    // Refused: the token's fault, said so, and the start stops.
    const rejected = await start({
      PORT: String(await findFreePort()),
      MATRIX_HOMESERVER_URL: synapse().baseUrl,
      MATRIX_ACCESS_TOKEN: "syt_not_a_real_token",
    });
    expect(rejected).toMatch(
      /^MATRIX_ACCESS_TOKEN: .* rejected the bot's access token \(M_UNKNOWN_TOKEN\)/,
    );
  });
});
