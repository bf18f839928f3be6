// Subscription notifications, delivered as direct messages: in the direct room the bot already
// has with that person (m.direct), else in a new one (created with `is_direct`, the person
// invited, and recorded in m.direct so that the next notification reuses it). Users bridged
// from IRC cannot receive direct messages: theirs is posted in an event room where they are,
// addressed to them like a reply (bridged-users.ts).
import { eventRooms, roomForBridgedUser } from "./bridged-users.js";
import type { BotContext } from "./context.js";
import { errcodeOf } from "./matrix-errors.js";
import { replyMessages } from "./replies.js";
import { sendMessage } from "./send.js";

async function directRoomWith(bot: BotContext, userId: string): Promise<string> {
  const existing = bot.direct.roomWith(userId);
  if (existing !== undefined) return existing;
  const roomId = await bot.client.createRoom({
    invite: [userId],
    is_direct: true,
    preset: "trusted_private_chat",
    name: "PTG notifications",
  });
  await bot.direct.add(userId, roomId);
  bot.log.info(`Opened a direct chat with ${userId} (${roomId}) for notifications`);
  return roomId;
}

/**
 * Sends `text` to `userId`'s direct chat with the bot; `txnId(i)` names part i. One person's
 * direct room is looked up or created one at a time.
 */
export function sendDirect(
  bot: BotContext,
  userId: string,
  text: string,
  txnId: (part: number) => string,
): Promise<void> {
  const messages = replyMessages(text, null, bot.config.replyMsgtype);
  return bot.people.run(userId, async () => {
    for (let attempt = 1; ; attempt++) {
      const roomId = await directRoomWith(bot, userId);
      try {
        for (const [i, content] of messages.entries()) {
          await sendMessage(bot.client, roomId, content, txnId(i));
        }
        return;
      } catch (error) {
        // The bot is no longer in that room: forget it and open another one, once.
        if (attempt === 1 && errcodeOf(error) === "M_FORBIDDEN") {
          await bot.direct.remove(roomId);
          continue;
        }
        throw error;
      }
    }
  });
}

/**
 * Posts `text` for a bridged user in a room of event `eventSlug` where they are (`near` if they
 * are there), addressed to them. Returns false when they are in none of the event's rooms.
 */
export async function postForBridgedUser(
  bot: BotContext,
  target: { userId: string; eventSlug: string; near: string | null },
  text: string,
  txnId: (part: number) => string,
): Promise<boolean> {
  const rooms = await eventRooms(bot, target.eventSlug);
  const roomId = roomForBridgedUser(target.userId, target.near ?? "", rooms);
  if (roomId === null) return false;
  const nick = await bot.actors.nickOf(roomId, target.userId);
  const messages = replyMessages(text, { userId: target.userId, nick }, bot.config.replyMsgtype);
  for (const [i, content] of messages.entries()) {
    await sendMessage(bot.client, roomId, content, txnId(i));
  }
  return true;
}
