// safeFetch: an HTTP(S) GET of a URL that came from someone else (a chat command, a Matrix
// server name), safe to run inside the server's network:
// - http(s) only, on every redirect too; redirects are followed one hop at a time (at most
//   maxRedirects), each hop through the same pinned dispatcher;
// - each socket connects only to an address the policy checked (see pinned-agent.ts), unless
//   allowPrivate (the operator's console and CLI, or PTG_FETCH_PRIVATE);
// - one time limit on the whole exchange, and a size limit enforced while the body streams in.
// Errors are SafeFetchError, with a short reason that names the host, never the whole URL
// (which may carry a token).
import type { Headers, Response } from "undici";
import type { AddressClass } from "./address-policy.js";
import { BlockedAddressError, systemResolver, type Resolver } from "./checked-lookup.js";

export interface SafeFetchOptions {
  /** Allow loopback, private, link-local and other special addresses (default false). */
  allowPrivate?: boolean;
  /** Time limit for the whole exchange, redirects and body included (default 10 s). */
  timeoutMs?: number;
  /** Size limit of the body (default 5 MB). */
  maxBytes?: number;
  /** Redirects followed at most (default 5). */
  maxRedirects?: number;
  /** Request headers (e.g. accept). */
  headers?: Record<string, string>;
  /** Resolves host names (default: the system's resolver). Called once per connection. */
  resolver?: Resolver;
  /** Checks the status and headers before the body is read; throw to refuse the response. */
  onResponse?: (head: ResponseHead) => void;
  /** The address policy (default classifyAddress): for tests, or a deployment's own rules. */
  classify?: (address: string) => AddressClass;
  /** Told each address a socket is about to connect to (after the check). */
  onConnectAddress?: (hostname: string, address: string) => void;
  /** Aborts the exchange. */
  signal?: AbortSignal;
}

export interface ResponseHead {
  /** The URL that answered (after redirects). */
  url: URL;
  status: number;
  statusText: string;
  headers: Headers;
}

export interface SafeResponse extends ResponseHead {
  body: Uint8Array;
}

export type SafeFetchReason =
  | "invalid_url"
  | "scheme"
  | "blocked"
  | "not_found"
  | "network"
  | "timeout"
  | "too_large"
  | "redirects";

export class SafeFetchError extends Error {
  constructor(
    readonly reason: SafeFetchReason,
    /** The host (and port) concerned, or "" when the URL could not be parsed. */
    readonly host: string,
    message: string,
    /** For "blocked": the address refused and its range. */
    readonly address?: AddressClass,
  ) {
    super(message);
    this.name = "SafeFetchError";
  }
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

const shownValue = (value: string) =>
  JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

const shownBytes = (n: number): string =>
  n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MB` : `${n} bytes`;

/** Parses a URL (relative to `base` for a redirect) and checks that it is http(s). */
export function httpUrl(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new SafeFetchError(
      "invalid_url",
      base?.host ?? "",
      base === undefined
        ? `${shownValue(value)} is not a URL`
        : `redirected to ${shownValue(value)}, which is not a URL`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    const scheme = JSON.stringify(url.protocol.slice(0, 20));
    throw new SafeFetchError(
      "scheme",
      base?.host ?? url.host,
      base === undefined
        ? `only http:// and https:// URLs can be loaded, not ${scheme}`
        : `${base.host} redirected to a ${scheme} URL; only http:// and https:// are allowed`,
    );
  }
  return url;
}

/** The innermost cause of a failed fetch (undici wraps the socket's error in `cause`). */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    if (!(current instanceof Error) || current.cause === undefined) break;
    if (current instanceof BlockedAddressError) break;
    current = current.cause;
  }
  return current;
}

/** Why a connection failed, in a few words. */
function networkReason(cause: unknown): string {
  const code =
    cause instanceof Error && "code" in cause && typeof cause.code === "string" ? cause.code : "";
  const message = cause instanceof Error ? cause.message : String(cause);
  return (code !== "" && !message.includes(code) ? `${code}: ${message}` : message)
    .replace(/\s+/g, " ")
    .slice(0, 160);
}

function connectionError(error: unknown, url: URL): SafeFetchError {
  const cause = rootCause(error);
  if (cause instanceof BlockedAddressError) {
    return new SafeFetchError(
      "blocked",
      url.host,
      `${url.host} is a private or local address (${cause.verdict.range}); only public hosts can be fetched`,
      cause.verdict,
    );
  }
  if (cause instanceof Error && "code" in cause && cause.code === "ENOTFOUND") {
    return new SafeFetchError("not_found", url.host, `could not find the host ${url.host}`);
  }
  return new SafeFetchError(
    "network",
    url.host,
    `could not fetch from ${url.host} (${networkReason(cause)})`,
  );
}

/** Reads the body, refusing it as soon as it grows past maxBytes. */
async function readCapped(
  response: Response,
  maxBytes: number,
  url: URL,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const host = url.host;
  const tooBig = () =>
    new SafeFetchError(
      "too_large",
      host,
      `the document at ${host} is larger than ${shownBytes(maxBytes)}`,
    );
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) throw tooBig();
  if (response.body === null) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      total += chunk.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooBig();
      }
      parts.push(chunk);
    }
  } catch (error) {
    if (error instanceof SafeFetchError || signal.aborted) throw error;
    throw connectionError(error, url);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

const isRedirect = (status: number) => status >= 300 && status < 400 && status !== 304;

/**
 * GETs a URL with the checks above and returns the final response with its whole body.
 * Non-2xx answers are returned too (check `status`, or refuse them in `onResponse`).
 */
export async function safeFetch(
  target: string | URL,
  options: SafeFetchOptions = {},
): Promise<SafeResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const start = typeof target === "string" ? httpUrl(target.trim()) : httpUrl(target.href);
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, timeoutMs);
  const onAbort = () => {
    controller.abort();
  };
  options.signal?.addEventListener("abort", onAbort);
  // undici (about 1 MB of code) loads on the first fetch, not with the server (issue 23).
  const [{ fetch }, { pinnedAgent }] = await Promise.all([
    import("undici"),
    import("./pinned-agent.js"),
  ]);
  const dispatcher = pinnedAgent({
    allowPrivate: options.allowPrivate ?? false,
    resolver: options.resolver ?? systemResolver,
    classify: options.classify,
    onConnectAddress: options.onConnectAddress,
    connectTimeoutMs: timeoutMs,
  });
  let url = start;
  try {
    for (let redirects = 0; ; redirects++) {
      let response: Response;
      try {
        response = await fetch(url, {
          redirect: "manual",
          signal: controller.signal,
          headers: options.headers,
          dispatcher,
        });
      } catch (error) {
        if (controller.signal.aborted) throw error;
        throw connectionError(error, url);
      }
      if (isRedirect(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get("location");
        if (location === null) {
          throw new SafeFetchError(
            "redirects",
            url.host,
            `${url.host} answered ${response.status} without a Location`,
          );
        }
        if (redirects >= maxRedirects) {
          throw new SafeFetchError(
            "redirects",
            start.host,
            `more than ${maxRedirects} redirects from ${start.host}`,
          );
        }
        url = httpUrl(location, url);
        continue;
      }
      const head: ResponseHead = {
        url,
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      };
      try {
        options.onResponse?.(head);
      } catch (error) {
        await response.body?.cancel().catch(() => undefined);
        throw error;
      }
      const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
      const body = await readCapped(response, maxBytes, url, controller.signal);
      return { ...head, body };
    }
  } catch (error) {
    if (error instanceof SafeFetchError || !controller.signal.aborted) throw error;
    if (options.signal?.aborted === true) throw error;
    const seconds = timeoutMs / 1000;
    throw new SafeFetchError(
      "timeout",
      url.host,
      `no complete answer from ${url.host} within ${seconds} second${seconds === 1 ? "" : "s"}`,
    );
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    controller.abort();
    // Closes the connections still open (e.g. after refusing an oversized body).
    void dispatcher.destroy().catch(() => undefined);
  }
}
