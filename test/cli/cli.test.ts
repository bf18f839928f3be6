// The command line, end to end on the embedded database: import, export, console.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DENVER_PATH, readDenver } from "../support/denver.js";
import { cliEnv, runCli } from "./run-cli.js";

const FIXTURE = DENVER_PATH;
const fixture = readDenver();

/** Booked (room, slot) pairs of a PTGbot document: room fields naming a track. */
function bookingsIn(doc: Record<string, unknown>): number {
  const schedule = doc.schedule as Record<string, Record<string, string>>;
  const roomFields = new Set(["desc", "cap_icon", "cap_desc", "url"]);
  return Object.values(schedule)
    .flatMap((room) => Object.entries(room))
    .filter(([key, track]) => !roomFields.has(key) && track !== "").length;
}

// Each run is a new process opening the embedded database: allow for a loaded machine. The tests
// share one data directory (a fresh one costs an initdb) and use an event each.
describe("ptg command line", { timeout: 120_000 }, () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "ptg-cli-"));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("imports a PTGbot file into an event and exports it back unchanged", async () => {
    const env = cliEnv(dataDir);
    const imported = await runCli(["import", FIXTURE, "--event", "DEN-ptg"], env);
    expect(imported.stderr).toBe("");
    expect(imported.stdout.trim()).toBe(
      `Imported into DEN-ptg: 44 tracks, 23 rooms, 20 slots, ${bookingsIn(fixture)} bookings (from ${FIXTURE}).`,
    );
    const out = path.join(dataDir, "out.json");
    const exported = await runCli(["export", "--event", "DEN-ptg", "--out", out], env);
    expect(exported.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(fixture);
  });

  it("refuses a bad file with a clear error and changes nothing", async () => {
    const env = cliEnv(dataDir);
    await runCli(["import", FIXTURE, "--event", "bad-file"], env);
    const before = await runCli(["export", "--event", "bad-file"], env);
    const bad = path.join(dataDir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...fixture, tracks: "nova" }));
    const refused = await runCli(["import", bad, "--event", "bad-file"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe("Nothing was imported: tracks must be an array");
    const after = await runCli(["export", "--event", "bad-file"], env);
    expect(after.stdout).toBe(before.stdout);
  });

  it("runs console commands as an event admin and exports the result", async () => {
    const env = cliEnv(dataDir);
    await runCli(["import", FIXTURE, "--event", "console"], env);
    const session = await runCli(
      ["console", "--event", "console"],
      env,
      [
        "#swift now ring placement",
        "~motd add info hello",
        "#svift now typo",
        "#swift",
        "~motd add loud x",
        "hey bot, wazzup",
        "/export",
        "",
      ].join("\n"),
    );
    expect(session.code).toBe(0);
    expect(session.stdout).toContain("admin: Added banner 1 (info): hello");
    expect(session.stdout).toContain("admin: Unknown track 'svift'");
    expect(session.stdout).toContain(
      "admin: Missing track command (#swift [now|next|clean...] ...)",
    );
    expect(session.stdout).toContain(
      "admin: Incorrect message level 'loud' (should be info, success, warning or danger)",
    );
    const exported = await runCli(["export", "--event", "console"], env);
    const doc = JSON.parse(exported.stdout) as { now: unknown; motd: unknown };
    expect(doc.now).toEqual({ swift: "ring placement" });
    expect(doc.motd).toEqual([{ level: "info", message: "hello" }]);
  });

  it("says which event a document was for when it is imported into another", async () => {
    const env = cliEnv(dataDir);
    const imported = await runCli(["import", FIXTURE, "--event", "other-slug"], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      "; the document is for DEN-ptg, imported into other-slug, so etherpad links now use other-slug",
    );
  });

  it("says in one line that a file cannot be read, or an event to export does not exist", async () => {
    const env = cliEnv(dataDir);
    const missing = await runCli(["import", path.join(dataDir, "nofile.json")], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(
      /^Nothing was imported: cannot open .*nofile\.json: ENOENT/,
    );
    const unknown = await runCli(["export", "--event", "nope"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe(
      "Error: There is no event 'nope' (ptg export --event SLUG names one)",
    );
  });

  it("names the setting when the configuration is bad", async () => {
    const result = await runCli(["export"], cliEnv(dataDir, { PORT: "eighty" }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("Error: PORT: 'eighty' is not a port number (0-65535)");
  });

  it("explains an unknown command", async () => {
    const result = await runCli(["frobnicate"], cliEnv(dataDir));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unknown command 'frobnicate'[\s\S]*Usage: ptg/);
  });
});
