// Downloads a PTGbot JSON document (`~fetchdb URL`, the CLI's import from a URL) through
// safeFetch (shared/net): http(s) only, every redirect checked, sockets only to checked public
// addresses unless allowed, a time limit on the whole exchange and a size limit on the body.
// Here: a JSON content type, a 2xx status, and the messages `~fetchdb` shows. Messages are the
// reason only; the caller prefixes them (`Error loading DB: …`). They name the host, never the
// whole URL, which may carry a token.
import { safeFetch, SafeFetchError, type ResponseHead } from "../net/safe-fetch.js";
import type { Resolver } from "../net/checked-lookup.js";
import { DEFAULT_MAX_DOCUMENT_BYTES } from "./format.js";
import { PtgbotImportError, parseJsonBytes } from "./validate.js";

export interface FetchPtgbotOptions {
  /** Time limit for the whole download, redirects and body included (default 10 s). */
  timeoutMs?: number;
  /** Size limit of the body (default 5 MB). */
  maxBytes?: number;
  /**
   * Allow hosts on loopback, private, link-local or other special addresses (default false: a
   * URL from chat must not reach into the server's own network). The operator's CLI import
   * and console allow them; the bot does with PTG_FETCH_PRIVATE.
   */
  allowPrivateAddresses?: boolean;
  /** Resolves host names (tests answer without DNS). */
  resolver?: Resolver;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;

function checkContentType(head: ResponseHead): void {
  const host = head.url.host;
  if (head.status < 200 || head.status > 299) {
    const status = `${head.status} ${head.statusText}`.trim();
    throw new PtgbotImportError(`${host} answered HTTP ${status}`);
  }
  const type = (head.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const json =
    type === "application/json" ||
    (type.startsWith("application/") && type.endsWith("+json")) ||
    type === "text/plain";
  if (!json) {
    const got = type === "" ? "no content type" : JSON.stringify(type.slice(0, 80));
    throw new PtgbotImportError(`${host} sent ${got}, not JSON (application/json)`);
  }
}

/** The one-line reason `~fetchdb` shows for a refused fetch. */
function reasonOf(error: SafeFetchError): string {
  if (error.reason === "blocked") {
    return `${error.host} is a private or local address; the bot only fetches from public hosts`;
  }
  return error.message;
}

/**
 * Fetches and parses a JSON document from an http(s) URL; validate it with
 * parsePtgbotDocument. Throws PtgbotImportError with a one-line reason.
 */
export async function fetchPtgbotJson(
  url: string,
  opts: FetchPtgbotOptions = {},
): Promise<unknown> {
  try {
    const response = await safeFetch(url, {
      allowPrivate: opts.allowPrivateAddresses ?? false,
      timeoutMs: opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
      maxBytes: opts.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
      resolver: opts.resolver,
      headers: { accept: "application/json, text/plain;q=0.5" },
      onResponse: checkContentType,
    });
    return parseJsonBytes(response.body, `the document at ${response.url.host}`);
  } catch (error) {
    if (error instanceof SafeFetchError) throw new PtgbotImportError(reasonOf(error));
    throw error;
  }
}
