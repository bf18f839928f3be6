// Slow work done before an operation's transaction opens, so that the event's lock is not held
// meanwhile: fetching `~fetchdb`'s document. Only for senders who may run the operation.
import { fetchPtgbotJson } from "../ptgbot/fetch.js";
import type { PtgbotDocument } from "../ptgbot/format.js";
import { parsePtgbotDocument } from "../ptgbot/validate.js";
import type { Operation } from "./operation.js";

export type Fetched = { ok: true; document: PtgbotDocument } | { ok: false; reason: string };

export interface PrepareOptions {
  /** May `~fetchdb` fetch from loopback, private or link-local addresses? */
  allowPrivateFetch: boolean;
}

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export async function prepare(
  operation: Operation,
  options: PrepareOptions,
): Promise<Fetched | undefined> {
  if (operation.kind !== "admin.fetchDb") return undefined;
  try {
    const json = await fetchPtgbotJson(operation.url, {
      allowPrivateAddresses: options.allowPrivateFetch,
    });
    return { ok: true, document: parsePtgbotDocument(json) };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}
