#!/usr/bin/env node
// The command line: start, migrate, import, export, console. Run through `npm start` and
// `npm run ptg -- <command>`.
import "./node-version.js"; // first: refuses an old Node.js in one line
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runConsole } from "../console/console.js";
import { ConfigError, helpUrl, loadConfig, type Config } from "../shared/config.js";
import { DataDirBusy } from "../shared/db/data-dir-lock.js";
import { openConfiguredStore } from "../shared/db/open-configured.js";
import type { Store } from "../shared/db/open.js";
import { execute } from "../shared/operations/execute.js";
import { importOperation } from "../shared/operations/kinds/admin-event.js";
import { exportPtgbot } from "../shared/ptgbot/export.js";
import { readDocumentFile } from "../shared/ptgbot/load-file.js";
import { documentOfBytes } from "../shared/schedule/detect-format.js";
import { fetchDocument } from "../shared/schedule/fetch-document.js";
import { PtgbotImportError } from "../shared/ptgbot/validate.js";
import { ensureEvent, findEvent } from "../shared/store/events.js";

const USAGE = `Usage: ptg <command> [options]

Commands:
  start [--only server|bot|console]   run the server, the Matrix bot (when MATRIX_* is set) and,
                                      without Matrix settings, a console (the default command)
  console [--event SLUG]              only the console: type commands as an event admin
  migrate                             bring the database schema up to date
  import SOURCE [--event SLUG]        load a schedule file or http(s) URL into an event: PTGbot
                                      JSON, schedule.json, frab XML, or a pretalx API event URL
  export [--event SLUG] [--out FILE]  write an event as PTGbot JSON (to stdout by default)

Settings come from the environment: see README.md.`;

async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openConfiguredStore(config);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      event: { type: "string" },
      out: { type: "string" },
      only: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command = "start", ...rest] = positionals;
  if (values.help === true || command === "help") {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const slug = values.event ?? config.defaultEvent;

  switch (command) {
    case "start": {
      const only = values.only;
      if (only !== undefined && only !== "server" && only !== "bot" && only !== "console") {
        throw new UsageError(`--only takes server, bot or console, not '${only}'`);
      }
      const { startServices } = await import("./services.js");
      await startServices(config, only ?? null);
      return;
    }
    case "console":
      await withStore(config, async (store) => {
        await ensureEvent(store.db, slug);
        await runConsole({
          store,
          eventSlug: slug,
          helpUrl: helpUrl(config),
          input: process.stdin,
          output: process.stdout,
          prompt: process.stdin.isTTY,
          bridgedUsers: config.bridgedUsers,
          jitsiUrl: config.jitsiUrl ?? null,
        });
      });
      return;
    case "migrate":
      await withStore(config, () => Promise.resolve());
      console.log("The database schema is up to date.");
      return;
    case "import": {
      const [source] = rest;
      if (source === undefined) throw new UsageError("import needs a file or an http(s) URL");
      const json = /^[a-z][a-z0-9+.-]*:\/\//i.test(source)
        ? await fetchDocument(source)
        : documentOfBytes(await readDocumentFile(source), source);
      // Through the core, as an admin command: logged, all or nothing, live pages follow.
      const done = await withStore(config, (store) =>
        execute(
          store.db,
          importOperation(json, source),
          { id: "cli:admin", nick: "admin", powerLevel: 100 },
          {
            commandId: `cli:${randomUUID()}`,
            eventSlug: slug,
            chatRoomId: null,
            replyTo: null,
            text: `import ${source}`,
          },
          {
            helpUrl: helpUrl(config),
            onError: (error) => {
              console.error(error);
            },
          },
        ),
      );
      if (done.result === "refused") throw new PtgbotImportError(done.reply);
      if (done.result === "error") throw new CliError(`Nothing was imported: ${done.reply}`);
      console.log(`${done.reply} (from ${source}).`);
      return;
    }
    case "export": {
      const json = await withStore(config, async (store) => {
        const event = await findEvent(store.db, slug);
        if (event === undefined) {
          throw new CliError(`There is no event '${slug}' (ptg export --event SLUG names one)`);
        }
        return JSON.stringify(await exportPtgbot(store.db, event.id), null, 2);
      });
      if (values.out === undefined) console.log(json);
      else writeFileSync(values.out, `${json}\n`);
      return;
    }
    default:
      throw new UsageError(`Unknown command '${command}'`);
  }
}

class UsageError extends Error {}
/** A failure whose message says it all, in one line. */
class CliError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) console.error(`${message}\n\n${USAGE}`);
  else if (
    error instanceof ConfigError ||
    error instanceof DataDirBusy ||
    error instanceof CliError
  )
    console.error(`Error: ${message}`);
  else if (error instanceof PtgbotImportError) console.error(`Nothing was imported: ${message}`);
  else console.error(error);
  process.exitCode = 1;
});
