// `ptg start`: the server, the Matrix bot when it is configured, and, without Matrix settings,
// the console, all in one process on one store. `--only` runs one of them.
//
// A database fault is a blip, not a crash: the HTTP server listens even while PostgreSQL is
// down (/readyz says why it is not ready), the bot and the console wait for the database (the
// log says so) and start when it answers; a connection lost later is replaced by itself.
import { setTimeout as sleep } from "node:timers/promises";
import { helpUrl, type Config } from "../shared/config.js";
import { isConnectionError } from "../shared/db/connection-errors.js";
import { openConfiguredStoreWaiting } from "../shared/db/open-configured.js";
import { createLogger, rootLogger, setRootLogger, type Logger } from "../shared/log.js";
import { consoleOptions } from "./console-options.js";
import { prepareDefaultEvent } from "./default-event.js";
import { preflight, StartupCheckError } from "./preflight.js";

type Only = "server" | "bot" | "console" | null;

const logger = (): Logger => rootLogger().child({ component: "start" });
const log = (message: string): void => {
  logger().warn(message);
};

/** Runs `work` until it succeeds, waiting out a database that cannot be reached. */
async function untilReachable(what: string, work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return;
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      const waitMs = Math.min(250 * 2 ** attempt, 5_000);
      log(
        `Waiting for the database to ${what} (${error instanceof Error ? error.message : String(error)})`,
      );
      await sleep(waitMs);
    }
  }
}

/** Starts loading a module now; awaiting it later rethrows its error (not unhandled meanwhile). */
function loadEarly<T>(load: () => Promise<T>): Promise<T> {
  const loading = load();
  loading.catch(() => undefined);
  return loading;
}

export async function startServices(config: Config, only: Only): Promise<void> {
  setRootLogger(createLogger(config.logLevel));
  // The server's modules load while the database opens (issue 23: start to ready in 1 s).
  const serverModule =
    only === null || only === "server" ? loadEarly(() => import("../server/start.js")) : null;
  // Before the database is opened or anything written: a bad HOST, a busy PORT, an unreachable
  // homeserver or a refused token stop here, in one line that names the setting.
  try {
    await preflight(
      config,
      { server: only === null || only === "server", bot: only === null || only === "bot" },
      (message) => {
        logger().warn(message);
      },
    );
  } catch (error) {
    if (!(error instanceof StartupCheckError)) throw error;
    logger().fatal(error.message);
    process.exitCode = 1;
    return;
  }
  const { store, ready } = await openConfiguredStoreWaiting(config, { log });
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const isStopping = (): boolean => stopping;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    for (const s of stops.reverse()) {
      await s().catch((e: unknown) => {
        logger().error(e instanceof Error ? e.message : String(e));
      });
    }
    await store.close();
    logger().info(code === 0 ? "Stopped" : "Stopped after an error");
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger().info(`Stopping (${signal})`);
      void stop();
    });
  }

  const withConsole = (only === null && config.matrix === null) || only === "console";
  // Request logs would drown the console: there, the server logs warnings only, unless asked.
  const serverConfig =
    withConsole && process.env.LOG_LEVEL === undefined
      ? { ...config, logLevel: "warn" as const }
      : config;

  const prepare = async (): Promise<void> => {
    await ready;
    await untilReachable("prepare the default event", () => prepareDefaultEvent(store, config));
  };
  // The embedded database is there at once: the default event is ready before the server is.
  const embedded = config.databaseUrl === null;

  try {
    if (embedded) await prepare();
    // On PostgreSQL the server comes first: it answers /healthz, and /readyz (503 with the
    // reason) while the database is being waited for.
    if (serverModule !== null) {
      const { startServer } = await serverModule;
      const server = await startServer(store, serverConfig, { trustProxy: config.trustProxy });
      stops.push(() => server.close());
      logger().info(
        `Serving on ${server.url} (event page: ${config.publicUrl}/events/${config.defaultEvent})`,
      );
    }
    if (!embedded) await prepare();
    // Schedule sources: PTG_SCHEDULE_URL and each event's `~schedule URL`, polled by the server.
    if (only === null || only === "server") {
      const { SchedulePollers } = await import("./schedule-poll-sources.js");
      const pollers = new SchedulePollers({
        db: store.db,
        configured:
          config.schedulePoll == null
            ? null
            : { url: config.schedulePoll.url, eventSlug: config.defaultEvent },
        intervalMs: (config.schedulePollMinutes ?? config.schedulePoll?.minutes ?? 10) * 60_000,
        allowPrivateAddresses: config.fetchPrivate,
        helpUrl: helpUrl(config),
        logger: rootLogger().child({ component: "schedule-poll" }),
      });
      pollers.start();
      stops.push(() => pollers.stop());
    }
    if (config.matrix !== null && (only === null || only === "bot")) {
      const { startBot } = await import("../bot/start.js");
      // What is said from the moment the process started is news to a new database's first
      // sync (bot/sync/first-sync.ts): commands typed while it starts are answered.
      const bot = await startBot({ store, config, startedAt: Math.floor(performance.timeOrigin) });
      stops.push(() => bot.stop());
      logger().info(`Matrix bot connected to ${config.matrix.homeserverUrl}`);
    } else if (only === "bot") {
      throw new Error("MATRIX_HOMESERVER_URL and MATRIX_ACCESS_TOKEN must be set to run the bot");
    }
  } catch (error) {
    if (isStopping()) return;
    logger().fatal(error instanceof Error ? error.message : String(error));
    await stop(1);
    return;
  }

  if (withConsole) {
    const { runConsole } = await import("../console/console.js");
    const end = await runConsole(consoleOptions(store, config.defaultEvent, config));
    // `/quit` stops the program. Input that merely ends (stdin closed, as under a supervisor)
    // leaves the server and bot running.
    if (end === "quit" || only === "console" || stops.length === 0) {
      logger().info(end === "quit" ? "Stopping (/quit)" : "Stopping (console input closed)");
      await stop();
    } else {
      logger().info("Console input closed; the server keeps running (Ctrl-C or SIGTERM stops it)");
    }
  }
}
