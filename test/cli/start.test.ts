// `npm start` on the embedded database: the server and the console in one process.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventState } from "../../shared/api/event-state.js";
import { findFreePort } from "../support/free-port.js";
import { cliEnv, runCli, spawnCli, waitForOutput } from "./run-cli.js";

describe("ptg start", { timeout: 120_000 }, () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ptg-start-"));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves the API and runs console commands; a second process is told the database is busy", async () => {
    const port = await findFreePort();
    const env = cliEnv(dataDir, { PORT: String(port) });
    const child = spawnCli(["start"], env);
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      // A brand-new embedded database: the default event gets the demo schedule.
      const started = await waitForOutput(child, /PTG console/, 60_000);
      expect(started).toMatch(/Loaded a demo schedule into the new event 'ptg'/);
      expect(started).toMatch(/Serving on http:\/\/127\.0\.0\.1:\d+/);
      const base = `http://127.0.0.1:${port}`;

      const typed = waitForOutput(child, /^admin: OK$/m);
      child.stdin.write("#swift now ring placement\n");
      await typed;
      const state = (await (await fetch(`${base}/api/v1/events/ptg`)).json()) as EventState;
      expect(state.tracks.find((t) => t.name === "swift")?.now?.topic).toBe("ring placement");
      expect(state.tracks).toHaveLength(44);
      expect(state.name).toBe("Denver PTG (demo)");

      const busy = await runCli(["export"], env);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(/in use by process \d+/);

      // A typo in /event creates nothing; /event new does.
      const refused = waitForOutput(child, /No event 'ptgg'\. To create it: \/event new ptgg/);
      child.stdin.write("/event ptgg\n");
      await refused;
      expect((await fetch(`${base}/api/v1/events/ptgg`)).status).toBe(404);

      // /quit stops the whole program (server included), cleanly.
      child.stdin.end("/quit\n");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGTERM");
    }
    expect(existsSync(path.join(dataDir, "ptg.lock"))).toBe(false);

    const exported = await runCli(["export"], env);
    expect(JSON.parse(exported.stdout)).toMatchObject({ now: { swift: "ring placement" } });
  });
});
