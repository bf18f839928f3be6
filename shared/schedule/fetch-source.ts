// Downloads a schedule for `~fetchdb`, `ptg import URL` and the poller through safeFetch
// (shared/net: public addresses only unless allowed, size, time and redirect limits): a
// PTGbot document, c3voc JSON, frab XML, or a pretalx API event URL, whose paged submissions
// are then read through the same policy. Messages name the host, never the whole URL.
import { safeFetch, SafeFetchError, type ResponseHead } from "../net/safe-fetch.js";
import type { Resolver } from "../net/checked-lookup.js";
import { DEFAULT_FETCH_TIMEOUT_MS } from "../ptgbot/fetch.js";
import { DEFAULT_MAX_DOCUMENT_BYTES } from "../ptgbot/format.js";
import { PtgbotImportError, parseJsonBytes } from "../ptgbot/validate.js";
import { documentOfBytes, recognise, type Recognised } from "./detect-format.js";
import { isPretalxEvent, readPretalxApi } from "./pretalx-api.js";

export interface FetchSourceOptions {
  allowPrivateAddresses?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  resolver?: Resolver;
  /** Extra request headers (the poller's If-None-Match / If-Modified-Since). */
  headers?: Record<string, string>;
}

export type Fetched =
  | { status: "not-modified" }
  | { status: "ok"; recognised: Recognised; etag: string | null; lastModified: string | null };

const ACCEPT = "application/json, application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.5";

function checkStatus(head: ResponseHead): void {
  if (head.status === 304) return;
  if (head.status < 200 || head.status > 299) {
    throw new PtgbotImportError(
      `${head.url.host} answered HTTP ${`${head.status} ${head.statusText}`.trim()}`,
    );
  }
  const type = (head.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const ok = type === "" || /json|xml/.test(type) || type === "text/plain";
  if (!ok)
    throw new PtgbotImportError(
      `${head.url.host} sent ${JSON.stringify(type.slice(0, 80))}, not JSON or XML`,
    );
}

function reasonOf(error: SafeFetchError): string {
  if (error.reason === "blocked") {
    return `${error.host} is a private or local address; the bot only fetches from public hosts`;
  }
  return error.message;
}

/** Fetches and recognises a schedule; throws PtgbotImportError with a one-line reason. */
export async function fetchSchedule(url: string, opts: FetchSourceOptions = {}): Promise<Fetched> {
  const policy = {
    allowPrivate: opts.allowPrivateAddresses ?? false,
    timeoutMs: opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    resolver: opts.resolver,
  };
  try {
    const response = await safeFetch(url, {
      ...policy,
      headers: { accept: ACCEPT, ...opts.headers },
      onResponse: checkStatus,
    });
    if (response.status === 304) return { status: "not-modified" };
    const source = `the document at ${response.url.host}`;
    const document = documentOfBytes(response.body, source);
    const recognised = isPretalxEvent(document)
      ? {
          format: "pretalx-api" as const,
          schedule: await readPretalxApi(response.url.href, document, async (page) => {
            const answer = await safeFetch(page, {
              ...policy,
              headers: { accept: "application/json" },
              onResponse: checkStatus,
            });
            return parseJsonBytes(answer.body, `the page at ${answer.url.host}`);
          }),
        }
      : recognise(document);
    return {
      status: "ok",
      recognised,
      etag: response.headers.get("etag"),
      lastModified: response.headers.get("last-modified"),
    };
  } catch (error) {
    if (error instanceof SafeFetchError) throw new PtgbotImportError(reasonOf(error));
    throw error;
  }
}
