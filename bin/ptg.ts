#!/usr/bin/env node
// The command line: start, migrate, import, export, console. Run through `npm start` and
// `npm run ptg -- <command>`.
import "./node-version.js"; // first: refuses an old Node.js in one line
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../shared/config.js";
import { DataDirBusy } from "../shared/db/data-dir-lock.js";
import { CliError, UsageError } from "./cli-errors.js";

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
    case "migrate":
    case "import":
    case "export": {
      // The one-shot commands' code loads only when one of them runs.
      const { runCommand } = await import("./commands.js");
      await runCommand({ command, rest, slug, out: values.out, config });
      return;
    }
    default:
      throw new UsageError(`Unknown command '${command}'`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) console.error(`${message}\n\n${USAGE}`);
  else if (error instanceof CliError) console.error(`${error.prefix}${message}`);
  else if (error instanceof ConfigError || error instanceof DataDirBusy)
    console.error(`Error: ${message}`);
  else console.error(error);
  process.exitCode = 1;
});
