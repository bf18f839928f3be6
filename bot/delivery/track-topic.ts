// A track room's topic shows the track's status (issue 20): what it does now, next, where, and its
// video link, for clients without widgets (Element X) and bridged IRC channels. Set from the outbox
// (bot/delivery/outbox.ts), which paces it; the text is read from the store when it is delivered,
// so a burst of changes gives one topic, and a topic that would not change is not sent.
import type { EventState, TrackState } from "../../shared/api/event-state.js";
import { loadEventState } from "../../shared/store/event-state.js";
import type { BotContext } from "../context.js";
import { stateContent } from "../rooms/room-state.js";

/** The topic for a track (pure): one line, its parts separated by ` | `. */
export function trackTopic(track: TrackState, state: Pick<EventState, "rooms">): string {
  const video = track.url ?? state.rooms.find((r) => r.name === track.location)?.url ?? null;
  return [
    `#${track.name}`,
    `Now: ${track.now?.topic ?? "-"}`,
    `Next: ${track.next.length > 0 ? track.next.join(" / ") : "-"}`,
    ...(track.location === null ? [] : [`Location: ${track.location}`]),
    ...(video === null ? [] : [`Video: ${video}`]),
  ]
    .join(" | ")
    .replace(/[\r\n]+/g, " ");
}

/** What became of a topic update. */
export type TopicOutcome = "set" | "same" | "gone";

/** Sets `roomId`'s topic to the track's status, unless it already says that. */
export async function updateTrackTopic(
  bot: BotContext,
  roomId: string,
  eventSlug: string,
  trackName: string,
): Promise<TopicOutcome> {
  const state = await loadEventState(bot.db, eventSlug);
  const track = state?.tracks.find((t) => t.name === trackName);
  if (state === undefined || track === undefined) return "gone";
  const topic = trackTopic(track, state);
  const current = await stateContent(bot.client, roomId, "m.room.topic");
  if (current?.topic === topic) return "same";
  await bot.client.sendStateEvent(roomId, "m.room.topic", "", { topic });
  return "set";
}
