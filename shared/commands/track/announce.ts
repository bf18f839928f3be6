// What `now` and `next` share: checking the sentence, telling subscribers, and warning when
// the track has no room today.
import { MAX_TEXT_LENGTH } from "../../domain/validate.js";
import { todaysRoom } from "../../store/tracks.js";
import { notificationsFor } from "../notify.js";
import {
  CommandRefused,
  ok,
  type Args,
  type CommandContext,
  type HandlerResult,
  type TrackRef,
} from "../types.js";

export function requireSentence(track: TrackRef, adverb: string, args: Args): string {
  if (args.text === "") throw new CommandRefused(`Missing sentence (#${track.name} ${adverb} ...)`);
  if (args.text.length > MAX_TEXT_LENGTH) {
    throw new CommandRefused(`That is too long (at most ${MAX_TEXT_LENGTH} characters)`);
  }
  return args.text;
}

export async function announce(
  ctx: CommandContext & { track: TrackRef },
  adverb: "now" | "next",
  sentence: string,
): Promise<HandlerResult> {
  const { trx, event, track, now } = ctx;
  const room = await todaysRoom(trx, event.id, track.id, now);
  const { location } = await trx
    .selectFrom("tracks")
    .select("location")
    .where("id", "=", track.id)
    .executeTakeFirstOrThrow();
  const notifications = await notificationsFor(trx, event.id, {
    track: track.name,
    adverb,
    sentence,
    location,
  });
  const reply =
    room === null
      ? `#${track.name} ${adverb} was set, but #${track.name} does not appear to have a room scheduled today`
      : "";
  return ok(reply, { notifications });
}
