// How the server reaches other Matrix servers (discovery, OpenID userinfo): a fetch function it
// is given, so that the one used in production can refuse private addresses (and pin the socket
// to the address it checked). The default goes through ~fetchdb's address policy at the socket
// (shared/net): every connection, redirects included, only to an address that was checked.
import type { Agent, fetch as UndiciFetch } from "undici";
import { BlockedAddressError, systemResolver } from "../../shared/net/checked-lookup.js";

/** A fetch that may refuse a host by throwing AddressRefused. */
export type MatrixFetch = (url: URL, init: RequestInit) => Promise<Response>;

/** The host is not one the server may reach (private, loopback, link-local, or unknown). */
export class AddressRefused extends Error {
  override name = "AddressRefused";
}

interface PublicOnlyClient {
  fetch: typeof UndiciFetch;
  agent: Agent;
}

let publicOnly: Promise<PublicOnlyClient> | null = null;

/** undici (about 1 MB of code) and the agent load on the first request, not at start. */
function publicOnlyClient(): Promise<PublicOnlyClient> {
  publicOnly ??= Promise.all([import("undici"), import("../../shared/net/pinned-agent.js")]).then(
    ([{ fetch }, { pinnedAgent }]) => ({
      fetch,
      agent: pinnedAgent({
        allowPrivate: false,
        resolver: systemResolver,
        connectTimeoutMs: 10_000,
      }),
    }),
  );
  return publicOnly;
}

function blockedIn(error: unknown): BlockedAddressError | null {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e instanceof BlockedAddressError) return e;
  }
  return null;
}

/** Connects only to public addresses (loopback, private, link-local… are refused). */
export const publicOnlyFetch: MatrixFetch = async (url, init) => {
  try {
    const client = await publicOnlyClient();
    const response = await client.fetch(url, {
      method: init.method,
      headers: init.headers as Record<string, string> | undefined,
      body: typeof init.body === "string" ? init.body : undefined,
      redirect: init.redirect,
      signal: init.signal,
      dispatcher: client.agent,
    });
    // The same response as the platform's fetch gives, streamed (read with a size cap).
    return new Response(response.body as ReadableStream<Uint8Array> | null, {
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers.entries()),
    });
  } catch (error) {
    const blocked = blockedIn(error);
    if (blocked !== null) throw new AddressRefused(blocked.message);
    throw error;
  }
};

/** Fetches anything (only for base URLs the operator configured). */
export const anyHostFetch: MatrixFetch = (url, init) => fetch(url, init);

/**
 * Reads at most `maxBytes` of a response body as JSON; null when it is not JSON or too big.
 * When `signal` aborts first (a body sent too slowly), the read stops and its reason is thrown.
 */
export async function readSmallJson(
  response: Response,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<unknown> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const stop = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.throwIfAborted();
  signal?.addEventListener("abort", stop, { once: true });
  try {
    return await readAll(reader, maxBytes, signal);
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}

async function readAll(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    signal?.throwIfAborted();
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
