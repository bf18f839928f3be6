// Downloads a PTGbot JSON document (`~fetchdb URL`, the CLI's import from a URL). The URL comes
// from a person, so: http(s) only (redirects too, followed one at a time), a time limit on the
// whole exchange, a size limit enforced while the body streams in, and a JSON content type.
// Messages are the reason only; the caller prefixes them (`Error loading DB: …`). They name
// the host, never the whole URL, which may carry a token.
import { assertPublicHost } from "./address-policy.js";
import { DEFAULT_MAX_DOCUMENT_BYTES } from "./format.js";
import { PtgbotImportError, parseJsonBytes } from "./validate.js";

export interface FetchPtgbotOptions {
  /** Time limit for the whole download, redirects and body included (default 10 s). */
  timeoutMs?: number;
  /** Size limit of the body (default 5 MB). */
  maxBytes?: number;
  fetchImpl?: typeof fetch;
  /**
   * Allow hosts on loopback, private or link-local addresses (default false: a URL from chat
   * must not reach into the server's own network). The operator's CLI import allows them.
   */
  allowPrivateAddresses?: boolean;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;

const shownBytes = (n: number): string =>
  n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MB` : `${n} bytes`;

/** Parses a URL and checks that it is http(s); `context` says where it came from. */
function httpUrl(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
    throw new PtgbotImportError(
      base === undefined ? `${shown} is not a URL` : `redirected to ${shown}, which is not a URL`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    const scheme = JSON.stringify(url.protocol.slice(0, 20));
    throw new PtgbotImportError(
      base === undefined
        ? `only http:// and https:// URLs can be loaded, not ${scheme}`
        : `${base.host} redirected to a ${scheme} URL; only http:// and https:// are allowed`,
    );
  }
  return url;
}

function checkContentType(header: string | null, host: string): void {
  const type = (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const json =
    type === "application/json" ||
    (type.startsWith("application/") && type.endsWith("+json")) ||
    type === "text/plain";
  if (!json) {
    const got = type === "" ? "no content type" : JSON.stringify(type.slice(0, 80));
    throw new PtgbotImportError(`${host} sent ${got}, not JSON (application/json)`);
  }
}

/** Reads the body, refusing it as soon as it grows past maxBytes. */
async function readCapped(response: Response, maxBytes: number, host: string) {
  const tooBig = () =>
    new PtgbotImportError(`the document at ${host} is larger than ${shownBytes(maxBytes)}`);
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  if (response.body === null) return new Uint8Array();
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooBig();
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/** Why fetch() failed, in a few words (undici puts the reason in `cause`). */
function networkReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code =
    cause instanceof Error && "code" in cause && typeof cause.code === "string" ? cause.code : "";
  const message = cause instanceof Error ? cause.message : String(cause);
  return (code !== "" && !message.includes(code) ? `${code}: ${message}` : message)
    .replace(/\s+/g, " ")
    .slice(0, 160);
}

async function download(
  start: URL,
  maxBytes: number,
  fetchImpl: typeof fetch,
  signal: AbortSignal,
  allowPrivate: boolean,
): Promise<unknown> {
  let url = start;
  for (let redirects = 0; ; redirects++) {
    if (!allowPrivate) await assertPublicHost(url);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        redirect: "manual",
        signal,
        headers: { accept: "application/json, text/plain;q=0.5" },
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new PtgbotImportError(`could not fetch from ${url.host} (${networkReason(error)})`);
    }
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get("location");
      if (location === null) {
        throw new PtgbotImportError(`${url.host} answered ${response.status} without a Location`);
      }
      if (redirects >= MAX_REDIRECTS) {
        throw new PtgbotImportError(`more than ${MAX_REDIRECTS} redirects from ${start.host}`);
      }
      url = httpUrl(location, url);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const status = `${response.status} ${response.statusText}`.trim();
      throw new PtgbotImportError(`${url.host} answered HTTP ${status}`);
    }
    checkContentType(response.headers.get("content-type"), url.host);
    const bytes = await readCapped(response, maxBytes, url.host);
    return parseJsonBytes(bytes, `the document at ${url.host}`);
  }
}

/**
 * Fetches and parses a JSON document from an http(s) URL; validate it with
 * parsePtgbotDocument. Throws PtgbotImportError with a one-line reason.
 */
export async function fetchPtgbotJson(
  url: string,
  opts: FetchPtgbotOptions = {},
): Promise<unknown> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const start = httpUrl(url.trim());
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, timeoutMs);
  try {
    return await download(
      start,
      opts.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
      opts.fetchImpl ?? fetch,
      controller.signal,
      opts.allowPrivateAddresses ?? false,
    );
  } catch (error) {
    if (error instanceof PtgbotImportError) throw error;
    if (controller.signal.aborted) {
      const seconds = timeoutMs / 1000;
      throw new PtgbotImportError(
        `no complete answer from ${start.host} within ${seconds} second${seconds === 1 ? "" : "s"}`,
      );
    }
    throw new PtgbotImportError(`could not fetch from ${start.host} (${networkReason(error)})`);
  } finally {
    clearTimeout(timer);
    // Closes a connection still open (e.g. after refusing an oversized body).
    controller.abort();
  }
}
