import { CommandRefused, type Args, type TrackRef } from "../types.js";

/** The one parameter of `#TRACK etherpad|url|color X`, or a usage reply. */
export function singleParam(track: TrackRef, command: string, usage: string, args: Args): string {
  const [only] = args.words;
  if (args.words.length !== 1 || only === undefined) {
    throw new CommandRefused(`Usage: #${track.name} ${command} ${usage}`);
  }
  return only;
}
