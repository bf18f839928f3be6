// The console's options, as the configuration gives them: one declaration for `ptg console`
// (commands.ts) and the console beside the services of `ptg start` (services.ts). The console's
// code is only named as a type here, so `ptg start` still loads it only when it runs.
import type { ConsoleOptions } from "../console/console.js";
import { helpUrl, type Config } from "../shared/config.js";
import type { Store } from "../shared/db/open.js";

/** The console on this process's terminal, on the event `eventSlug`. */
export function consoleOptions(store: Store, eventSlug: string, config: Config): ConsoleOptions {
  return {
    store,
    eventSlug,
    helpUrl: helpUrl(config),
    input: process.stdin,
    output: process.stdout,
    prompt: process.stdin.isTTY,
    bridgedUsers: config.bridgedUsers,
    jitsiUrl: config.jitsiUrl ?? null,
  };
}
