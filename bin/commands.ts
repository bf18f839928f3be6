// The one-shot commands (console, migrate, import, export), loaded only when one of them runs:
// `ptg start` does not load their code (issue 23: start to ready).
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { runConsole } from "../console/console.js";
import { helpUrl, type Config } from "../shared/config.js";
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
import { CliError, UsageError } from "./cli-errors.js";
import { consoleOptions } from "./console-options.js";

async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openConfiguredStore(config);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export interface CommandInput {
  command: string;
  rest: string[];
  slug: string;
  out: string | undefined;
  config: Config;
}

/** Runs a command other than `start`. */
export async function runCommand({
  command,
  rest,
  slug,
  out,
  config,
}: CommandInput): Promise<void> {
  try {
    await dispatch({ command, rest, slug, out, config });
  } catch (error) {
    if (error instanceof PtgbotImportError) {
      throw new CliError(error.message, "Nothing was imported: ");
    }
    throw error;
  }
}

async function dispatch({ command, rest, slug, out, config }: CommandInput): Promise<void> {
  switch (command) {
    case "console":
      await withStore(config, async (store) => {
        await ensureEvent(store.db, slug);
        await runConsole(consoleOptions(store, slug, config));
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
      if (out === undefined) console.log(json);
      else writeFileSync(out, `${json}\n`);
      return;
    }
    default:
      throw new UsageError(`Unknown command '${command}'`);
  }
}
