// `ptg start`: the server, the Matrix bot when it is configured, and, without Matrix settings,
// the console, all in one process on one store. `--only` runs one of them.
import { runConsole } from "../console/console.js";
import { helpUrl, type Config } from "../shared/config.js";
import { openConfiguredStore } from "../shared/db/open-configured.js";
import { prepareDefaultEvent } from "./default-event.js";

type Only = "server" | "bot" | "console" | null;

export async function startServices(config: Config, only: Only): Promise<void> {
  const store = await openConfiguredStore(config);
  await prepareDefaultEvent(store, config);
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    for (const s of stops.reverse()) {
      await s().catch((e: unknown) => {
        console.error(e);
      });
    }
    await store.close();
    process.exit(code);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());

  const withConsole = (only === null && config.matrix === null) || only === "console";
  // Request logs would drown the console: there, the server logs warnings only, unless asked.
  const serverConfig =
    withConsole && process.env.LOG_LEVEL === undefined
      ? { ...config, logLevel: "warn" as const }
      : config;

  try {
    if (only === null || only === "server") {
      const { startServer } = await import("../server/start.js");
      const server = await startServer(store, serverConfig, { trustProxy: config.trustProxy });
      stops.push(() => server.close());
      console.log(
        `Serving on ${server.url} (event page: ${config.publicUrl}/events/${config.defaultEvent})`,
      );
    }
    if (config.matrix !== null && (only === null || only === "bot")) {
      const { startBot } = await import("../bot/start.js");
      const bot = await startBot({ store, config });
      stops.push(() => bot.stop());
      console.log(`Matrix bot connected to ${config.matrix.homeserverUrl}`);
    } else if (only === "bot") {
      throw new Error("MATRIX_HOMESERVER_URL and MATRIX_ACCESS_TOKEN must be set to run the bot");
    }
  } catch (error) {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
    return;
  }

  if (withConsole) {
    await runConsole({
      store,
      eventSlug: config.defaultEvent,
      helpUrl: helpUrl(config),
      input: process.stdin,
      output: process.stdout,
      prompt: process.stdin.isTTY,
    });
    if (only === "console" || stops.length === 0) await stop();
    else console.log("Console closed; the server keeps running (Ctrl-C stops it).");
  }
}
