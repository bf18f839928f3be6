// Checks a Matrix OpenID token (MSC1960) with the homeserver that issued it: the federation
// API's userinfo endpoint says whose token it is. The answer is only believed for users of the
// server the token claims to come from: a homeserver cannot vouch for another server's users.
import { DiscoveryError, type HomeserverDiscovery } from "./discovery.js";
import { AddressRefused, readSmallJson } from "./fetch.js";
import { parseServerName } from "../../shared/matrix/server-name.js";
import { parseUserId } from "../../shared/matrix/user-id.js";

/** The token is not good: forged, expired, or vouched for by the wrong server. (401) */
export class OpenIdRefused extends Error {
  override name = "OpenIdRefused";
}

/** The homeserver could not be asked. (502) */
export class HomeserverUnreachable extends Error {
  override name = "HomeserverUnreachable";
}

export interface OpenIdToken {
  accessToken: string;
  /** The server that issued it, as the client reported it. */
  serverName: string;
}

/**
 * The Matrix user id the token belongs to; throws OpenIdRefused or HomeserverUnreachable.
 * `timeoutMs` bounds the whole request: connecting, the headers and reading the body.
 */
export async function verifyOpenIdToken(
  discovery: HomeserverDiscovery,
  token: OpenIdToken,
  timeoutMs = 10_000,
): Promise<string> {
  const parsed = parseServerName(token.serverName);
  if (parsed === null) throw new OpenIdRefused("The token names no valid Matrix server");
  let homeserver;
  try {
    homeserver = await discovery.find(parsed.name);
  } catch (error) {
    if (error instanceof DiscoveryError) throw new OpenIdRefused(error.message);
    throw error;
  }
  const url = new URL("/_matrix/federation/v1/openid/userinfo", homeserver.baseUrl);
  url.searchParams.set("access_token", token.accessToken);
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await homeserver.fetch(url, {
      redirect: "error",
      signal,
      headers: { accept: "application/json" },
    });
  } catch (error) {
    if (error instanceof AddressRefused) {
      throw new OpenIdRefused(
        `The homeserver of ${parsed.name} is not on a public address (${error.message})`,
      );
    }
    // Never the URL: it carries the token.
    throw new HomeserverUnreachable(`Could not reach the homeserver of ${parsed.name}`);
  }
  if (response.status >= 400 && response.status < 500) {
    await response.body?.cancel().catch(() => undefined);
    throw new OpenIdRefused(`The homeserver of ${parsed.name} did not accept the token`);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new HomeserverUnreachable(
      `The homeserver of ${parsed.name} answered HTTP ${response.status}`,
    );
  }
  let body: unknown;
  try {
    body = await readSmallJson(response, 16 * 1024, signal);
  } catch {
    throw new HomeserverUnreachable(
      `The homeserver of ${parsed.name} did not answer within ${String(timeoutMs / 1000)} s`,
    );
  }
  const sub =
    typeof body === "object" && body !== null ? (body as Record<string, unknown>).sub : undefined;
  if (typeof sub !== "string") {
    throw new HomeserverUnreachable(`The homeserver of ${parsed.name} gave no user id`);
  }
  const userId = parseUserId(sub);
  if (userId === null) {
    // Never echoed: it may hold markup, control or bidi characters.
    throw new OpenIdRefused(`The homeserver of ${parsed.name} gave an invalid user id`);
  }
  if (userId.server.name !== parsed.name) {
    throw new OpenIdRefused(
      `The homeserver of ${parsed.name} vouched for ${sub}, a user of another server`,
    );
  }
  return sub;
}
