// Imported talks as VEVENTs: the UID is the talk's guid (stable across re-imports), and the
// SEQUENCE is the talk's, which goes up each time its time, room or link changes, so that
// calendar apps replace the entry they have rather than keep a stale copy.
import type { StoredTalk } from "../../shared/store/talks.js";
import { cleanUri, escapeText, utcDateTime, type Property } from "./ics.js";

export type CalendarTalk = Pick<
  StoredTalk,
  "guid" | "title" | "room" | "startsAt" | "durationMinutes" | "sequence" | "details"
> & {
  /** The PTG track's name, when the talk has one. */
  track: string | null;
};

export function talkEvents(
  talks: readonly CalendarTalk[],
  { host, stamp, track }: { host: string; stamp: string; track: string | undefined },
): Property[] {
  const lines: Property[] = [];
  for (const talk of talks) {
    if (track !== undefined && talk.track !== track) continue;
    const end = new Date(talk.startsAt.getTime() + talk.durationMinutes * 60_000);
    const people = talk.details.persons.map((p) => p.name).join(", ");
    lines.push(
      ["BEGIN", "VEVENT"],
      ["UID", `${talk.guid}@${host}`],
      ["SEQUENCE", String(talk.sequence)],
      ["DTSTAMP", stamp],
      ["DTSTART", utcDateTime(talk.startsAt)],
      ["DTEND", utcDateTime(end)],
      ["SUMMARY", escapeText(talk.title)],
      ["LOCATION", escapeText(talk.room)],
    );
    if (talk.details.url !== null) lines.push(["URL", cleanUri(talk.details.url)]);
    if (people !== "") lines.push(["DESCRIPTION", escapeText(people)]);
    lines.push(["END", "VEVENT"]);
  }
  return lines;
}
