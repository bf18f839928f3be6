// Who the bot is, asked of its homeserver at start-up. The error names the setting to fix: a
// homeserver that cannot be reached, or that is not a Matrix homeserver, is MATRIX_HOMESERVER_URL's
// problem; a token it refuses is MATRIX_ACCESS_TOKEN's.
import { setTimeout as sleep } from "node:timers/promises";
import { MatrixClient } from "matrix-bot-sdk";
import { describeError } from "../matrix/log.js";
import { errcodeOf, httpStatusOf } from "../matrix/matrix-errors.js";
import { isObject } from "../matrix/matrix-events.js";
import { isHomeserverUnreachable, MAX_BACKOFF_MS } from "./sync-client.js";

export class HomeserverCheckError extends Error {
  override name = "HomeserverCheckError";
}

export async function whoAmI(homeserverUrl: string, accessToken: string): Promise<string> {
  let whoami: unknown;
  try {
    whoami = await new MatrixClient(homeserverUrl, accessToken).getWhoAmI();
  } catch (error) {
    throw new HomeserverCheckError(explain(homeserverUrl, error), { cause: error });
  }
  if (isObject(whoami) && typeof whoami.user_id === "string") return whoami.user_id;
  throw new HomeserverCheckError(
    `MATRIX_HOMESERVER_URL: ${homeserverUrl} does not answer like a Matrix homeserver (no user_id from /account/whoami)`,
  );
}

function explain(homeserverUrl: string, error: unknown): string {
  const status = httpStatusOf(error);
  const errcode = errcodeOf(error);
  if (status === null) {
    return `MATRIX_HOMESERVER_URL: cannot reach ${homeserverUrl} (${describeError(error)}); check the URL and that the homeserver is running`;
  }
  if (status === 401 || errcode === "M_UNKNOWN_TOKEN" || errcode === "M_MISSING_TOKEN") {
    return `MATRIX_ACCESS_TOKEN: ${homeserverUrl} rejected the bot's access token (${errcode ?? `HTTP ${status}`}); log the bot in again and set the new token`;
  }
  if (errcode === null) {
    return `MATRIX_HOMESERVER_URL: ${homeserverUrl} does not answer like a Matrix homeserver (HTTP ${status}); give the homeserver's client-server API base URL`;
  }
  return `MATRIX_ACCESS_TOKEN: ${homeserverUrl} refused the bot's access token (${errcode}, HTTP ${status})`;
}

/**
 * The bot's user id, waiting for a homeserver that cannot be reached (down, restarting) with a
 * back-off capped at MAX_BACKOFF_MS, and saying so on the first try and every tenth. A refused
 * token, or no homeserver at that URL, fails at once.
 */
export async function whoAmIWhenReachable(
  homeserverUrl: string,
  accessToken: string,
  warn: (message: string) => void,
  signal?: AbortSignal,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await whoAmI(homeserverUrl, accessToken);
    } catch (error) {
      if (!(error instanceof HomeserverCheckError)) throw error;
      if (!isHomeserverUnreachable(error.cause) || signal?.aborted === true) throw error;
      if (attempt === 1 || attempt % 10 === 0) {
        warn(
          `Waiting for the homeserver at ${homeserverUrl}: cannot reach it (${describeError(error.cause)}); check MATRIX_HOMESERVER_URL if this goes on`,
        );
      }
      await sleep(Math.min(500 * 2 ** (attempt - 1), MAX_BACKOFF_MS), undefined, { signal }).catch(
        () => undefined,
      );
    }
  }
}
