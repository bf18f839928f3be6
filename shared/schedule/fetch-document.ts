// The document an operator's `ptg import URL` hands the import operation: what the URL serves,
// as the operation carries documents (parsed JSON, XML as text). A pretalx API URL's pages are
// read here and passed on as the schedule.json they amount to (export-c3voc.ts).
import type { Recognised } from "./detect-format.js";
import { toC3voc } from "./export-c3voc.js";
import { fetchSchedule } from "./fetch-source.js";
import { toFrabXml } from "./export-frab.js";

export async function fetchDocument(url: string): Promise<unknown> {
  const fetched = await fetchSchedule(url, { allowPrivateAddresses: true });
  return fetched.status === "ok" ? documentOf(fetched.recognised) : null;
}

/** A recognised document as the import operation carries it. */
export function documentOf(recognised: Recognised): unknown {
  switch (recognised.format) {
    case "ptgbot":
      return recognised.json;
    case "frab":
      return toFrabXml(recognised.schedule);
    default:
      return toC3voc(recognised.schedule);
  }
}
