// The process's one logger (pino): JSON lines when stdout is not a terminal (for a supervisor or
// a log collector), readable coloured lines when it is. Every part logs through a child of it
// (`component`: server, bot, database, start).
import { createRequire } from "node:module";
import pino, { type Logger } from "pino";
import type PinoPretty from "pino-pretty";
import type { Config } from "./config.js";

export type { Logger } from "pino";

export interface LoggerOptions {
  /** Readable lines instead of JSON. Default: when stdout is a terminal. */
  pretty?: boolean;
  /** Where lines go. Default: stdout. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(level: Config["logLevel"], options: LoggerOptions = {}): Logger {
  const readable = options.pretty ?? process.stdout.isTTY;
  if (readable) {
    // Loaded only for a terminal: a supervised process (JSON lines) starts without it.
    const pretty = createRequire(import.meta.url)("pino-pretty") as typeof PinoPretty;
    return pino(
      { level },
      pretty({
        sync: true,
        colorize: options.destination === undefined,
        translateTime: "SYS:HH:MM:ss",
        ignore: "pid,hostname,component,reqId",
        messageFormat: "{if component}[{component}] {end}{msg}",
        destination: options.destination ?? 1,
      }),
    );
  }
  return pino({ level }, options.destination ?? pino.destination({ dest: 1, sync: true }));
}

let processLogger: Logger | null = null;

/** The process's logger, made on first use at `level`. */
export function rootLogger(level: Config["logLevel"] = "info"): Logger {
  processLogger ??= createLogger(level);
  return processLogger;
}

/** Lets `ptg start` choose the process's logger before anything logs. */
export function setRootLogger(logger: Logger): void {
  processLogger = logger;
}

/** A `(message) => void` that logs at `level` through `logger`, for modules that take one. */
export const lineLogger =
  (logger: Logger, level: "info" | "warn" | "error" = "warn") =>
  (message: string): void => {
    logger[level](message);
  };
