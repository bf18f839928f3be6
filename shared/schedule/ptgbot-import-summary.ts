// What an import did, in one line for the CLI and for ~fetchdb: the totals it left, and the
// document's eventid when it names another event (etherpad links are generated from the slug).
import type { ImportSummary } from "./ptgbot-import.js";

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function describeImport(summary: ImportSummary, slug: string): string {
  const totals = [
    count(summary.tracks, "track"),
    count(summary.rooms, "room"),
    count(summary.slots, "slot"),
    count(summary.bookings, "booking"),
  ].join(", ");
  const other =
    summary.otherEventId === null
      ? ""
      : `; the document is for ${summary.otherEventId}, imported into ${slug}, so etherpad links now use ${slug}`;
  return `Imported into ${slug}: ${totals}${other}`;
}
