// Checks made by `ptg start` before it opens the database or writes anything (no data
// directory, no demo schedule): the address to listen on, and the bot's homeserver and token.
// Each failure is one line that names the setting and the fix.
import { lookup } from "node:dns/promises";
import { createServer } from "node:net";
import type { Config } from "../shared/config.js";

export class StartupCheckError extends Error {
  override name = "StartupCheckError";
}

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

/** HOST names an address of this machine, and PORT is free on it. */
export async function checkListenAddress(host: string, port: number): Promise<void> {
  try {
    await lookup(host);
  } catch (error) {
    throw new StartupCheckError(
      `HOST: cannot resolve '${host}' (${codeOf(error) ?? String(error)}); set HOST to an address of this machine, e.g. 127.0.0.1 or 0.0.0.0`,
    );
  }
  if (port === 0) return; // any free port
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once("error", reject);
      probe.listen({ host, port, exclusive: true }, resolve);
    });
  } catch (error) {
    const code = codeOf(error);
    if (code === "EADDRINUSE") {
      throw new StartupCheckError(
        `PORT: port ${port} is in use on ${host}; stop what uses it, or set PORT to a free port`,
      );
    }
    if (code === "EADDRNOTAVAIL") {
      throw new StartupCheckError(
        `HOST: ${host} is not an address of this machine; set HOST to one, e.g. 127.0.0.1 or 0.0.0.0`,
      );
    }
    if (code === "EACCES") {
      throw new StartupCheckError(
        `PORT: port ${port} needs privileges on this machine; set PORT to 1024 or above`,
      );
    }
    throw new StartupCheckError(
      `HOST/PORT: cannot listen on ${host}:${port} (${code ?? String(error)})`,
    );
  } finally {
    await new Promise<void>((resolve) =>
      probe.close(() => {
        resolve();
      }),
    );
  }
}

/**
 * What `ptg start` checks before anything else, for the parts it will run. A homeserver that
 * cannot be reached (down, restarting) is waited for, saying so every few tries: a blip must not
 * need someone to restart the bot. A homeserver that refuses the token, or is no homeserver,
 * stops the start.
 */
export async function preflight(
  config: Pick<Config, "host" | "port" | "matrix" | "logLevel">,
  parts: { server: boolean; bot: boolean },
  log: (message: string) => void,
): Promise<void> {
  if (parts.server) await checkListenAddress(config.host, config.port);
  if (!parts.bot || config.matrix === null) return;
  const { homeserverUrl, accessToken } = config.matrix;
  const { whoAmIWhenReachable, HomeserverCheckError } = await import("../bot/sync/whoami.js");
  const { processBotLog, routeSdkLog } = await import("../bot/matrix/log.js");
  // matrix-bot-sdk logs failed requests itself; the check below says what matters.
  routeSdkLog(processBotLog(config.logLevel), config.logLevel === "debug");
  try {
    await whoAmIWhenReachable(homeserverUrl, accessToken, log);
  } catch (error) {
    if (error instanceof HomeserverCheckError) throw new StartupCheckError(error.message);
    throw error;
  }
}
