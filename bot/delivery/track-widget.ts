// A track room's video widget (issue 20): the track's video link (its url, else its room's) as
// a widget of the room, state event `im.vector.modular.widgets` with the fixed state key
// `ptg-video`. A link on the configured Jitsi server (PTG_JITSI_URL) is a Jitsi widget, which
// Element opens in its own Jitsi wrapper (type `jitsi`, with the conference's domain and id in
// its data); any other link is a custom widget of that URL. Added, changed and removed with the
// link, idempotently: when the room's widget already is what it should be, nothing is sent.
// Removed (empty content) too when the room stops being the track's room.
import type { EventState, TrackState } from "../../shared/api/event-state.js";
import { loadEventState } from "../../shared/store/event-state.js";
import type { BotContext } from "../context.js";
import type { Json } from "../matrix/matrix-events.js";
import { stateContent } from "../rooms/room-state.js";
import { videoLink } from "./status-text.js";
import { sameJson, WIDGETS_TYPE } from "./widget.js";

export const VIDEO_WIDGET_ID = "ptg-video";

/** The Jitsi conference of a link on the configured server, or null. */
export function jitsiConference(
  link: string,
  jitsiUrl: string | null,
): { domain: string; conferenceId: string } | null {
  if (jitsiUrl === null || !link.startsWith(`${jitsiUrl}/`)) return null;
  const conferenceId = link.slice(jitsiUrl.length + 1);
  if (!/^[A-Za-z0-9._-]+$/.test(conferenceId)) return null;
  const base = new URL(jitsiUrl);
  const path = base.pathname.replace(/\/+$/, "");
  return { domain: `${base.host}${path}`, conferenceId };
}

/** The widget's content for a track (pure); `{}` (no widget) when it has no video link. */
export function videoWidgetContent(
  track: TrackState,
  state: Pick<EventState, "rooms">,
  jitsiUrl: string | null,
  creator: string,
): Json {
  const link = videoLink(track, state);
  if (link === null) return {};
  const name = `Video: #${track.name}`;
  const jitsi = jitsiConference(link, jitsiUrl);
  const common = { id: VIDEO_WIDGET_ID, name, url: link, creatorUserId: creator };
  return jitsi === null
    ? { ...common, type: "m.custom", data: { title: name } }
    : {
        ...common,
        type: "jitsi",
        data: { ...jitsi, isAudioOnly: false, roomName: `#${track.name}` },
      };
}

/** What became of a widget update. */
export type WidgetOutcome = "set" | "same" | "gone";

/** Brings `roomId`'s video widget in step with the track's link. */
export async function updateTrackWidget(
  bot: BotContext,
  roomId: string,
  eventSlug: string,
  trackName: string,
): Promise<WidgetOutcome> {
  const state = await loadEventState(bot.db, eventSlug);
  const track = state?.tracks.find((t) => t.name === trackName);
  if (state === undefined || track === undefined) return "gone";
  return setVideoWidget(
    bot,
    roomId,
    videoWidgetContent(track, state, bot.config.jitsiUrl ?? null, bot.userId),
  );
}

/** Removes the video widget of a room that is no track's room any more (empty content). */
export function removeTrackWidget(bot: BotContext, roomId: string): Promise<WidgetOutcome> {
  return setVideoWidget(bot, roomId, {});
}

/** Sets the room's video widget to `wanted`, unless it already is that. */
async function setVideoWidget(
  bot: BotContext,
  roomId: string,
  wanted: Json,
): Promise<WidgetOutcome> {
  const current = (await stateContent(bot.client, roomId, WIDGETS_TYPE, VIDEO_WIDGET_ID)) ?? {};
  if (sameJson(current, wanted)) return "same";
  await bot.client.sendStateEvent(roomId, WIDGETS_TYPE, VIDEO_WIDGET_ID, wanted);
  return "set";
}
