// The pinned status message of an event room (issue 20): one message per room, listing what
// every track does now (status-text.ts), pinned (`m.room.pinned_events`) and edited in place
// (`m.replace`). Delivered from the outbox (bot/outbox.ts), which paces it like topics; the text
// is read from the store when the row is delivered, and an edit that would not change the
// message is not sent. The message's event id and text are kept in the database, so a restart
// or another bot instance edits the same message. Whether a room shows one: `~status on|off`,
// else yes, except in track rooms and in rooms an IRC bridge serves (edits reach IRC as new
// lines); a room that no longer should has its message unpinned.
import { createHash } from "node:crypto";
import { loadEventState } from "../../shared/store/event-state.js";
import {
  findStatusMessage,
  forgetStatusMessage,
  saveStatusMessage,
  statusRoom,
} from "../../shared/store/room-status.js";
import type { BotContext } from "../context.js";
import { describeError } from "../matrix/log.js";
import { isPermanent } from "../matrix/matrix-errors.js";
import type { MessageContent } from "./replies.js";
import { servedByBridge } from "./reply-relation.js";
import { stateContent } from "../rooms/room-state.js";
import { sendMessage } from "./send.js";
import { statusText } from "./status-text.js";

/** Marks the status message and its edits (clients ignore it; tests tell them from replies). */
export const STATUS_MARK = "org.ptgbot.status";

/** What became of a status update: sent (or unpinned), unchanged, or not shown in the room. */
export type StatusOutcome = "set" | "same" | "off";

/** Whether the room should show a status message now. */
async function wanted(bot: BotContext, roomId: string): Promise<boolean> {
  const room = await statusRoom(bot.db, roomId);
  if (room === undefined || room.mode === "off") return false;
  if (room.mode === "on") return true;
  return !room.trackRoom && !(await servedByBridge(bot, roomId));
}

const pinnedOf = async (bot: BotContext, roomId: string): Promise<string[]> => {
  const content = await stateContent(bot.client, roomId, "m.room.pinned_events");
  const pinned = content?.pinned;
  return Array.isArray(pinned) ? pinned.filter((id): id is string => typeof id === "string") : [];
};

async function setPinned(bot: BotContext, roomId: string, eventId: string, on: boolean) {
  const pinned = await pinnedOf(bot, roomId);
  if (pinned.includes(eventId) === on) return;
  const next = on ? [...pinned, eventId] : pinned.filter((id) => id !== eventId);
  await bot.client.sendStateEvent(roomId, "m.room.pinned_events", "", { pinned: next });
}

/** Pins the message (again, if someone unpinned it); a bot without the power to is logged. */
async function pin(bot: BotContext, roomId: string, eventId: string): Promise<void> {
  try {
    await setPinned(bot, roomId, eventId, true);
  } catch (error) {
    if (!isPermanent(error)) throw error;
    bot.log.warn(`Could not pin the status message in ${roomId}: ${describeError(error)}`);
  }
}

/**
 * Brings the room's status message in step with event `eventSlug`. `txnId(part)` derives the
 * messages' transaction ids from the outbox row, so a row sent again after a crash is not
 * posted twice.
 */
export async function updateRoomStatus(
  bot: BotContext,
  roomId: string,
  eventSlug: string,
  txnId: (part: string) => string,
): Promise<StatusOutcome> {
  const existing = await findStatusMessage(bot.db, roomId);
  if (!(await wanted(bot, roomId))) {
    if (existing === undefined) return "off";
    try {
      await setPinned(bot, roomId, existing.eventId, false);
    } catch (error) {
      // The bot may not pin here (any more): the message stays, no longer kept up to date.
      if (!isPermanent(error)) throw error;
      bot.log.warn(`Could not unpin the status message in ${roomId}: ${describeError(error)}`);
    }
    await forgetStatusMessage(bot.db, roomId);
    return "set";
  }
  const state = await loadEventState(bot.db, eventSlug);
  if (state === undefined) return "off";
  const text = statusText(state, `${bot.config.publicUrl}/events/${encodeURIComponent(eventSlug)}`);
  if (existing?.body === text.body) return "same";
  const content: Omit<MessageContent, "m.relates_to" | "m.new_content"> = {
    msgtype: "m.notice",
    body: text.body,
    format: "org.matrix.custom.html",
    formatted_body: text.html,
    "m.mentions": {},
    [STATUS_MARK]: true,
  };
  if (existing === undefined) {
    const eventId = await sendMessage(bot.client, roomId, content, txnId("status"));
    await saveStatusMessage(bot.db, roomId, { eventId, body: text.body });
    await pin(bot, roomId, eventId);
    return "set";
  }
  const hash = createHash("sha256").update(text.body).digest("hex");
  await sendMessage(
    bot.client,
    roomId,
    {
      ...content,
      body: `* ${text.body}`,
      formatted_body: `* ${text.html}`,
      "m.new_content": content,
      "m.relates_to": { rel_type: "m.replace", event_id: existing.eventId },
    },
    txnId(`edit\u0000${existing.eventId}\u0000${hash}`),
  );
  await saveStatusMessage(bot.db, roomId, { eventId: existing.eventId, body: text.body });
  await pin(bot, roomId, existing.eventId);
  return "set";
}
