// Slow work done before an operation's transaction opens, so that the event's lock is not held
// meanwhile: fetching `~fetchdb`'s document (kinds/admin-event.ts declares it as the kind's
// `prepare`). Only for senders who may run the operation.
import type { PtgbotDocument } from "../ptgbot/format.js";
import { parsePtgbotDocument } from "../ptgbot/validate.js";
import { fetchSchedule } from "../schedule/fetch-source.js";
import type { TalkFormat, TalkSchedule } from "../domain/talk-model.js";

export type Fetched =
  | { ok: true; document: PtgbotDocument }
  /** A talk schedule (c3voc JSON, frab XML, pretalx API): schedule/apply-talks.ts applies it. */
  | { ok: true; talks: { format: TalkFormat; schedule: TalkSchedule } }
  | { ok: false; reason: string };

export interface PrepareOptions {
  /** May `~fetchdb` fetch from loopback, private or link-local addresses? */
  allowPrivateFetch: boolean;
}

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** A PTGbot document fetched and checked, or why not. */
export async function fetchDocument(url: string, options: PrepareOptions): Promise<Fetched> {
  try {
    const fetched = await fetchSchedule(url, {
      allowPrivateAddresses: options.allowPrivateFetch,
    });
    if (fetched.status !== "ok") return { ok: false, reason: "the server sent no document" };
    const { recognised } = fetched;
    if (recognised.format === "ptgbot") {
      return { ok: true, document: parsePtgbotDocument(recognised.json) };
    }
    return { ok: true, talks: recognised };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}
