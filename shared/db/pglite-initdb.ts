// A new embedded database is created in a child process: PGlite's initdb grows the WebAssembly
// memory to several hundred MB, and a WebAssembly memory never shrinks, so a server that ran
// initdb itself would idle at that size for as long as it runs. The child creates the database
// and brings its schema up to date, then exits, giving all of it back; the server then opens
// an existing database, which costs a fraction of it.
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { projectFile } from "../project-files.js";

/** Creates the PGlite database in `dataDir` in a child process, unless it exists already. */
export async function initPGliteApart(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, "PG_VERSION"))) return;
  const here = fileURLToPath(import.meta.url);
  // Run from the sources (tsx: tests, `npm run dev`) or from the compiled dist/, where this
  // code may sit in a chunk of the bundle (scripts/bundle-server.mjs), not beside the child.
  const fromSources = here.endsWith(".ts");
  const child = fork(
    fromSources
      ? path.join(path.dirname(here), "pglite-initdb-child.ts")
      : projectFile("dist/shared/db/pglite-initdb-child.js"),
    [dataDir],
    {
      execArgv: fromSources ? ["--import", "tsx"] : [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (exitCode) => {
      resolve(exitCode);
    });
  });
  if (code !== 0) {
    throw new Error(
      `Could not create the embedded database in ${dataDir} (exit code ${String(code)})`,
    );
  }
}
