// Which format a schedule document is in, by its content: frab XML (root <schedule>), c3voc's
// schedule.json (`schedule.conference`), or else a PTGbot document (validated as one). A
// document arrives as text (a file, a download) or as already-parsed JSON (the import
// operation's `document`, where XML stays a string).
import { parseJsonBytes } from "../ptgbot/validate.js";
import { isC3voc, parseC3voc } from "./c3voc.js";
import { isFrabXml, parseFrabXml } from "./frab.js";
import { ScheduleFormatError } from "./schedule-error.js";
import type { TalkFormat, TalkSchedule } from "../domain/talk-model.js";

export type Recognised =
  { format: "ptgbot"; json: unknown } | { format: TalkFormat; schedule: TalkSchedule };

/** Text or JSON of a document, as the import operation carries it: XML stays text. */
export function documentOfBytes(bytes: Uint8Array, source: string): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ScheduleFormatError("", `${source} is not UTF-8 text`);
  }
  if (isFrabXml(text.replace(/^\uFEFF/, ""))) return text.replace(/^\uFEFF/, "");
  if (/^\s*</.test(text)) {
    throw new ScheduleFormatError(
      "",
      `${source} is XML but not a frab schedule (its root is not <schedule>)`,
    );
  }
  return parseJsonBytes(bytes, source);
}

/** The format of a document (text for XML, parsed JSON otherwise), checked and read. */
export function recognise(document: unknown): Recognised {
  if (typeof document === "string") {
    if (!isFrabXml(document))
      throw new ScheduleFormatError("", "the document is text but not a frab schedule XML");
    return { format: "frab", schedule: parseFrabXml(document) };
  }
  if (isC3voc(document)) return { format: "c3voc", schedule: parseC3voc(document) };
  return { format: "ptgbot", json: document };
}
