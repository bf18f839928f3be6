// Subscription notifications, delivered as direct messages: in the direct room the bot already
// has with that person (m.direct), else in a new one (created with `is_direct`, the person
// invited, and recorded in m.direct so that the next notification reuses it). Users bridged
// from IRC cannot receive direct messages: theirs is posted in an event room where they are,
// addressed to them like a reply (bridged-users.ts).
import type { Notification } from "../shared/commands/types.js";
import { eventRooms, isBridgedUser, roomForBridgedUser, type EventRoom } from "./bridged-users.js";
import type { BotContext } from "./context.js";
import { describeError } from "./log.js";
import { errcodeOf, isPermanent } from "./matrix-errors.js";
import { replyMessages } from "./replies.js";
import { sendMessage, transactionId } from "./send.js";

const MATRIX_USER_ID = /^@[^:\s]+:\S+$/;

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

async function sendTo(bot: BotContext, userId: string, text: string, seed: string): Promise<void> {
  const messages = replyMessages(text, null, bot.config.replyMsgtype);
  for (let attempt = 1; ; attempt++) {
    const roomId = await directRoomWith(bot, userId);
    try {
      for (const [i, content] of messages.entries()) {
        await sendMessage(bot.client, roomId, content, transactionId(seed, userId, String(i)));
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
}

async function postIn(
  bot: BotContext,
  roomId: string,
  userId: string,
  text: string,
  seed: string,
): Promise<void> {
  const nick = await bot.actors.nickOf(roomId, userId);
  const messages = replyMessages(text, { userId, nick }, bot.config.replyMsgtype);
  for (const [i, content] of messages.entries()) {
    await sendMessage(
      bot.client,
      roomId,
      content,
      transactionId(seed, "in-room", userId, String(i)),
    );
  }
}

/** The command that caused the notifications. */
export interface NotificationSource {
  /** Its message id, from which transaction ids derive: a redelivery posts nothing twice. */
  messageId: string;
  /** The room it came from, and the event it applied to. */
  roomId: string;
  eventSlug: string;
}

/**
 * Delivers each notification. A person the homeserver refuses (unknown user, blocked) is
 * skipped and logged, as is a bridged user who is in none of the event's rooms; a homeserver
 * that cannot be reached makes this throw, so that the command is tried again.
 */
export async function deliverNotifications(
  bot: BotContext,
  notifications: readonly Notification[],
  source: NotificationSource,
): Promise<void> {
  const seed = source.messageId;
  let rooms: Promise<EventRoom[]> | undefined; // looked up for the first bridged user
  for (const notification of notifications) {
    const userId = notification.personKey;
    if (!MATRIX_USER_ID.test(userId)) continue; // e.g. people imported from PTGbot by nick
    if (userId === bot.userId) continue;
    try {
      if (isBridgedUser(userId, bot.config.bridgedUsers)) {
        rooms ??= eventRooms(bot, source.eventSlug);
        const roomId = roomForBridgedUser(userId, source.roomId, await rooms);
        if (roomId === null) {
          bot.log.warn(
            `Could not notify ${userId}: a bridged user gets no direct messages, and is in ` +
              `no room of event ${source.eventSlug}`,
          );
          continue;
        }
        await postIn(bot, roomId, userId, notification.text, seed);
      } else {
        await bot.people.run(userId, () => sendTo(bot, userId, notification.text, seed));
      }
    } catch (error) {
      if (!isPermanent(error)) throw error;
      bot.log.warn(`Could not notify ${userId}: ${describeError(error)}`);
    }
  }
}
