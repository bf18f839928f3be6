// `~widget`: installs the event's widget in the room and pins it at the top, idempotently.
// The widget's id (and state key) is fixed per event, `ptg-<slug>`, so a second `~widget`
// finds it in place: when both state events already hold exactly what would be sent, nothing
// is sent. The bot needs the power to send both state events; if it lacks it, it says which
// level it needs.
import { trackOfRoom } from "../../shared/store/track-rooms.js";
import { findEvent } from "../../shared/store/events.js";
import { CREATOR_LEVEL } from "../../shared/operations/permission.js";
import { powerLevelOf, stateLevelFor } from "../rooms/actor.js";
import type { BotContext } from "../context.js";
import { errcodeOf } from "../matrix/matrix-errors.js";
import { isObject, type Json } from "../matrix/matrix-events.js";
import { stateContent } from "../rooms/room-state.js";

export const WIDGETS_TYPE = "im.vector.modular.widgets";
export const LAYOUT_TYPE = "io.element.widgets.layout";

export const widgetId = (slug: string): string => `ptg-${slug}`;

/** The widget's URL; in a track's room (`track`) it opens filtered to that track. */
export function widgetUrl(publicUrl: string, slug: string, track: string | null = null): string {
  // The $-variables are filled in by the Matrix client (Element) when it opens the widget.
  return (
    `${publicUrl}/widget/?event=${encodeURIComponent(slug)}` +
    (track === null ? "" : `&track=${encodeURIComponent(track)}`) +
    "&matrix_room_id=$matrix_room_id&widgetId=$matrix_widget_id" +
    "&theme=$org.matrix.msc2873.client_theme&language=$org.matrix.msc2873.client_language"
  );
}

export function widgetContent(
  publicUrl: string,
  slug: string,
  name: string,
  track: string | null = null,
): Json {
  const id = widgetId(slug);
  return { type: "m.custom", url: widgetUrl(publicUrl, slug, track), name, data: {}, id };
}

/** The room's layout with the widget pinned first at the top; other widgets are kept. */
export function layoutContent(current: Json | null, id: string): Json {
  const widgets = isObject(current?.widgets) ? current.widgets : {};
  return {
    ...current,
    widgets: { ...widgets, [id]: { container: "top", index: 0, width: 100, height: 40 } },
  };
}

/** JSON equality that ignores key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return value === undefined ? "null" : JSON.stringify(value);
}

/** Installs the widget of event `slug` in `roomId`; returns what to tell the moderator. */
export async function installWidget(
  bot: BotContext,
  roomId: string,
  slug: string,
): Promise<string> {
  const event = await findEvent(bot.db, slug);
  const id = widgetId(slug);
  const track = (await trackOfRoom(bot.db, roomId))?.name ?? null;
  const widget = widgetContent(bot.config.publicUrl, slug, event?.name ?? slug, track);
  const [currentWidget, currentLayout] = await Promise.all([
    stateContent(bot.client, roomId, WIDGETS_TYPE, id),
    stateContent(bot.client, roomId, LAYOUT_TYPE, ""),
  ]);
  const layout = layoutContent(currentLayout, id);
  const changes: [type: string, stateKey: string, content: Json][] = [];
  if (!sameJson(currentWidget, widget)) changes.push([WIDGETS_TYPE, id, widget]);
  if (!sameJson(currentLayout, layout)) changes.push([LAYOUT_TYPE, "", layout]);
  if (changes.length === 0) return `The ${slug} widget is already installed in this room`;

  const power = await bot.actors.roomPower(roomId);
  const mine = powerLevelOf(bot.userId, power);
  const needed = Math.max(...changes.map(([type]) => stateLevelFor(type, power)));
  const lacking = (): string =>
    `I need power level ${needed} in this room to install the widget` +
    (mine === CREATOR_LEVEL ? "" : ` (I have ${mine})`);
  if (mine < needed) return lacking();
  try {
    for (const [type, stateKey, content] of changes) {
      await bot.client.sendStateEvent(roomId, type, stateKey, content);
    }
  } catch (error) {
    if (errcodeOf(error) === "M_FORBIDDEN") return lacking();
    throw error;
  }
  return `Installed the ${slug} widget at the top of this room`;
}
