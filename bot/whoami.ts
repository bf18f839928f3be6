// Who the bot is, asked of its homeserver at start-up. The error names the setting to fix: a
// homeserver that cannot be reached, or that is not a Matrix homeserver, is MATRIX_HOMESERVER_URL's
// problem; a token it refuses is MATRIX_ACCESS_TOKEN's.
import { MatrixClient } from "matrix-bot-sdk";
import { describeError } from "./log.js";
import { errcodeOf, httpStatusOf } from "./matrix-errors.js";
import { isObject } from "./matrix-events.js";

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
