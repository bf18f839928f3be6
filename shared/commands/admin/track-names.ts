import { CommandRefused, type Args } from "../types.js";

/** The track names an admin command takes (`~add a b`), lower-cased, at least one. */
export function trackNamesArg(args: Args): string[] {
  if (args.words.length === 0) throw new CommandRefused("This command takes one or more arguments");
  return [...new Set(args.words.map((w) => w.replace(/^#/, "").toLowerCase()))];
}
