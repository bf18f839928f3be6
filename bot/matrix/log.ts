// Where the bot writes what it does. Any logger with these four methods fits (pino does).
import { LogLevel, LogService } from "matrix-bot-sdk";
import type { Config } from "../../shared/config.js";
import { rootLogger } from "../../shared/log.js";

export interface BotLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The bot's part of the process's logger (shared/log.ts), at `level` and above. */
export function processBotLog(level: Config["logLevel"]): BotLog {
  return rootLogger(level).child({ component: "bot" }, { level });
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null) {
    const { statusCode, body } = error as { statusCode?: unknown; body?: unknown };
    if (typeof statusCode === "number") return `HTTP ${statusCode} ${JSON.stringify(body)}`;
  }
  return String(error);
}

function render(parts: unknown[]): string {
  return parts
    .map((p) => (typeof p === "string" ? p : p instanceof Error ? p.message : describeError(p)))
    .join(" ");
}

/**
 * Sends matrix-bot-sdk's own (global) log to `log`. Its HTTP layer logs every error answer,
 * including the 404s the bot expects (no m.direct yet, no widget yet): those go to debug, since
 * the bot reports the failures that matter itself.
 */
export function routeSdkLog(log: BotLog, debug: boolean): void {
  LogService.setLevel(debug ? LogLevel.DEBUG : LogLevel.WARN);
  LogService.setLogger({
    trace: () => undefined,
    debug: (module: string, ...parts: unknown[]) => {
      log.debug(`${module}: ${render(parts)}`);
    },
    info: (module: string, ...parts: unknown[]) => {
      log.info(`${module}: ${render(parts)}`);
    },
    warn: (module: string, ...parts: unknown[]) => {
      log.warn(`${module}: ${render(parts)}`);
    },
    error: (module: string, ...parts: unknown[]) => {
      if (module === "MatrixHttpClient") log.debug(`${module}: ${render(parts)}`);
      else log.error(`${module}: ${render(parts)}`);
    },
  });
}
