// The one error a talk schedule's importer throws: a one-line reason that names the position
// in the document ("schedule.conference.days[1].rooms.Ada[0].duration: …"). It is a
// PtgbotImportError so that every caller that already reports a refused import (the CLI,
// ~fetchdb, the import operation) reports this one the same way.
import { PtgbotImportError } from "../ptgbot/validate.js";

export class ScheduleFormatError extends PtgbotImportError {
  override name = "ScheduleFormatError";
  constructor(at: string, problem: string) {
    super(at === "" ? problem : `${at}: ${problem}`);
  }
}
