// readPtgbotFile: the CLI's way to read a PTGbot JSON file.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readPtgbotFile } from "../../shared/ptgbot/load-file.js";
import { DENVER_PATH, readDenver } from "../support/denver.js";

describe("readPtgbotFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "ptgbot-file-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const refused = async (path: string, maxBytes?: number) => {
    try {
      await readPtgbotFile(path, maxBytes);
      return "accepted";
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  };

  it("reads the fixture", async () => {
    expect(await readPtgbotFile(DENVER_PATH)).toEqual(readDenver());
  });

  it("refuses a file over the limit", async () => {
    const path = join(dir, "big.json");
    writeFileSync(path, JSON.stringify({ tracks: [] }).padEnd(2000, " "));
    expect(await refused(path, 1000)).toBe(`PtgbotImportError: ${path} is larger than 1000 bytes`);
  });

  it("reads a device no further than the limit", async () => {
    expect(await refused("/dev/zero", 100_000)).toBe(
      "PtgbotImportError: /dev/zero is larger than 100000 bytes",
    );
  });

  it("refuses invalid JSON with a one-line message", async () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, '{\n  "tracks": [\n    "nova",\n  ]\n}\n');
    const message = await refused(path);
    expect(message).toMatch(new RegExp(`^PtgbotImportError: ${path} is not valid JSON \\(.+\\)$`));
    expect(message).not.toContain("\n");
  });

  it("refuses a missing file and a directory", async () => {
    const missing = join(dir, "missing.json");
    expect(await refused(missing)).toMatch(
      new RegExp(`^PtgbotImportError: cannot open ${missing}: ENOENT`),
    );
    expect(await refused(dir)).toMatch(
      new RegExp(`^PtgbotImportError: cannot read ${dir}: EISDIR`),
    );
  });
});
