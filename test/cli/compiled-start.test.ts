// `npm start` runs the compiled server (dist/, built by `npm run build:server`, which `prepare`
// runs at install) with node directly: npm's process, then one node process, nothing between
// and nothing under it. The compiled code finds the built widget and the demo schedule.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { EventState } from "../../shared/api/event-state.js";
import { findFreePort } from "../support/free-port.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";
import { cliEnv, waitForOutput } from "./run-cli.js";

const ENTRY = path.resolve("dist/bin/ptg.js");

/** The processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return text === "" ? [] : text.split(/\s+/).map(Number);
}

function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
}

beforeAll(() => {
  if (!existsSync("widget/dist/index.html")) {
    throw new Error("The widget is not built: run `npm run build:widget` first");
  }
  execFileSync("npm", ["run", "--silent", "build:server"], { stdio: "inherit" });
});

function npmStart(env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn("npm", ["start", "--silent", "--", "--only", "server"], { env });
}

describe.each(storeKinds())("npm start, compiled (%s)", { timeout: 180_000 }, (kind) => {
  let dataDir: string;
  let store: TestStore | null = null;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ptg-compiled-"));
    if (kind === "postgres") store = await openTestStore("postgres");
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await store?.close();
  });

  it("runs dist/bin/ptg.js in one node process that serves the demo, the API and the widget", async () => {
    const port = await findFreePort();
    const extra: Record<string, string> = { PORT: String(port), PTG_DEMO: "true" };
    if (store?.url) extra.DATABASE_URL = store.url;
    const npm = npmStart(cliEnv(dataDir, extra));
    const exited = new Promise<number | null>((resolve) => npm.on("close", resolve));
    try {
      // A new embedded database is created in a child process first (shared/db/pglite-initdb.ts).
      const output = await waitForOutput(npm, /Serving on http:\/\/127\.0\.0\.1:\d+/, 120_000);
      // The demo is loaded on a new embedded database only.
      expect(output.includes("Loaded a demo schedule")).toBe(kind === "pglite");

      const [server, ...others] = childrenOf(npm.pid ?? 0);
      expect(others).toEqual([]);
      expect(server).toBeDefined();
      const argv = commandLine(server ?? 0);
      expect(path.basename(argv[0] ?? "")).toBe("node");
      expect(path.resolve(argv[1] ?? "")).toBe(ENTRY);
      expect(childrenOf(server ?? 0)).toEqual([]);

      const base = `http://127.0.0.1:${port}`;
      // On PostgreSQL the server answers before the default event is prepared (bin/services.ts):
      // it is there once the state endpoint finds it.
      const found = await vi.waitFor(
        async () => {
          const answer = await fetch(`${base}/api/v1/events/ptg`);
          expect(answer.status).toBe(200);
          return answer;
        },
        { timeout: 30_000, interval: 100 },
      );
      const state = (await found.json()) as EventState;
      expect(state.tracks).toHaveLength(kind === "pglite" ? 44 : 0);
      const page = await fetch(`${base}/events/ptg`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app"');
      const widget = await fetch(`${base}/widget/`);
      expect(widget.status).toBe(200);
    } finally {
      npm.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("keeps `npm run ptg -- …` working (sources, through tsx)", () => {
    const extra: Record<string, string> = {};
    if (store?.url) extra.DATABASE_URL = store.url;
    const out = execFileSync("npm", ["run", "--silent", "ptg", "--", "export"], {
      env: cliEnv(dataDir, extra),
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toHaveProperty("tracks");
  });
});
