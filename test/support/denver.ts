// The Denver PTG's PTGbot document, for every suite that reads it: the demo schedule the project
// ships (demo/denver-ptg.json) is the one copy, so the tests read what `npm start` loads.
import { readFileSync } from "node:fs";
import { projectFile } from "../../shared/project-files.js";

/** The document's absolute path. */
export const DENVER_PATH = projectFile("demo/denver-ptg.json");

/** A fresh copy of the document, as parsed JSON (callers may change it). */
export function readDenver(): Record<string, unknown> {
  return JSON.parse(readFileSync(DENVER_PATH, "utf8")) as Record<string, unknown>;
}
