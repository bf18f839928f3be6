// How the server reaches other Matrix servers (discovery, OpenID userinfo): a fetch function it
// is given, so that the one used in production can refuse private addresses (and pin the socket
// to the address it checked). The default checks the host with ~fetchdb's address policy, then
// fetches.
import { assertPublicHost } from "../ptgbot/address-policy.js";

/** A fetch that may refuse a host by throwing AddressRefused. */
export type MatrixFetch = (url: URL, init: RequestInit) => Promise<Response>;

/** The host is not one the server may reach (private, loopback, link-local, or unknown). */
export class AddressRefused extends Error {
  override name = "AddressRefused";
}

/** Refuses hosts on loopback, private and link-local addresses, then fetches. */
export const publicOnlyFetch: MatrixFetch = async (url, init) => {
  try {
    await assertPublicHost(url);
  } catch (error) {
    throw new AddressRefused(error instanceof Error ? error.message : String(error));
  }
  return fetch(url, init);
};

/** Fetches anything (only for base URLs the operator configured). */
export const anyHostFetch: MatrixFetch = (url, init) => fetch(url, init);

/** Reads at most `maxBytes` of a response body as JSON; null when it is not JSON or too big. */
export async function readSmallJson(response: Response, maxBytes: number): Promise<unknown> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    parts.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString("utf8")) as unknown;
  } catch {
    return null;
  }
}
