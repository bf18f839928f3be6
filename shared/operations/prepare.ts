// Slow work done before an operation's transaction opens, so that the event's lock is not held
// meanwhile: fetching `~fetchdb`'s document (kinds/admin-event.ts declares it as the kind's
// `prepare`). Only for senders who may run the operation.
import { fetchPtgbotJson } from "../ptgbot/fetch.js";
import type { PtgbotDocument } from "../ptgbot/format.js";
import { parsePtgbotDocument } from "../ptgbot/validate.js";

export type Fetched = { ok: true; document: PtgbotDocument } | { ok: false; reason: string };

export interface PrepareOptions {
  /** May `~fetchdb` fetch from loopback, private or link-local addresses? */
  allowPrivateFetch: boolean;
}

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** A PTGbot document fetched and checked, or why not. */
export async function fetchDocument(url: string, options: PrepareOptions): Promise<Fetched> {
  try {
    const json = await fetchPtgbotJson(url, { allowPrivateAddresses: options.allowPrivateFetch });
    return { ok: true, document: parsePtgbotDocument(json) };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}
