// One command message (one line of a Matrix message): run it through the core, then deliver
// what it decided (reply, notifications, effects) and mark it delivered. The core's command log,
// keyed on the message id (derived from the Matrix event id), applies each line once; a
// redelivered line that was applied but whose reply was not delivered gets its reply and
// notifications sent again.
import { runCommand, markDelivered, STORE_UNAVAILABLE } from "../shared/commands/execute.js";
import type { Venue } from "../shared/commands/parse.js";
import type { Actor, Effect } from "../shared/commands/types.js";
import { eventForChatRoom } from "../shared/store/events.js";
import type { BotContext } from "./context.js";
import { ensureBound } from "./invites.js";
import { describeError } from "./log.js";
import { isPermanent } from "./matrix-errors.js";
import type { RoomEvent } from "./matrix-events.js";
import { deliverNotifications } from "./notify.js";
import { replyMessages } from "./replies.js";
import { sendMessage, transactionId } from "./send.js";
import { installWidget } from "./widget.js";

/** What the bot does for each effect a command asks for; each returns what to tell the sender. */
const effects: Record<
  Effect["type"],
  (bot: BotContext, roomId: string, eventSlug: string) => Promise<string>
> = {
  "install-widget": installWidget,
};

export interface CommandMessage {
  roomId: string;
  event: RoomEvent;
  /** The event id for a message's first line, `<event id>#<i>` for the others (routing.ts). */
  messageId: string;
  text: string;
  venue: Venue;
}

/** The event the room's commands apply to; DMs use the room's binding or the default event. */
async function eventSlugFor(bot: BotContext, roomId: string, venue: Venue): Promise<string> {
  if (venue === "direct") {
    return (await eventForChatRoom(bot.db, roomId))?.slug ?? bot.config.defaultEvent;
  }
  return ensureBound(bot, roomId);
}

async function reply(
  bot: BotContext,
  message: CommandMessage,
  actor: Actor,
  text: string,
): Promise<void> {
  const to = message.venue === "direct" ? null : { userId: actor.id, nick: actor.nick };
  const contents = replyMessages(text, to, bot.config.replyMsgtype);
  try {
    for (const [i, content] of contents.entries()) {
      await sendMessage(
        bot.client,
        message.roomId,
        content,
        transactionId(message.messageId, "reply", String(i)),
      );
    }
  } catch (error) {
    // Refused for good (e.g. the bot may not talk in this room): nothing to retry.
    if (!isPermanent(error)) throw error;
    bot.log.warn(`Could not reply in ${message.roomId}: ${describeError(error)}`);
  }
}

export async function handleMessage(bot: BotContext, message: CommandMessage): Promise<void> {
  const { roomId, event, messageId } = message;
  const actor = await bot.actors.actorFor(roomId, event.sender);

  let eventSlug: string;
  try {
    eventSlug = await eventSlugFor(bot, roomId, message.venue);
  } catch (error) {
    bot.log.warn(`Store unavailable for ${messageId}: ${describeError(error)}`);
    await reply(bot, message, actor, STORE_UNAVAILABLE);
    return;
  }

  let outcome: Awaited<ReturnType<typeof runCommand>>;
  try {
    outcome = await runCommand(
      bot.db,
      {
        messageId,
        eventSlug,
        chatRoomId: roomId,
        venue: message.venue,
        actor,
        text: message.text,
        // When it was said (a command read after a downtime keeps its time), never in the future.
        now: new Date(Math.min(event.originServerTs || Date.now(), Date.now())),
      },
      { helpUrl: bot.helpUrl, allowPrivateFetch: bot.config.fetchPrivate },
    );
  } catch (error) {
    // Only a redelivered event's lookup can throw: the store went away meanwhile.
    bot.log.warn(`Store unavailable for ${messageId}: ${describeError(error)}`);
    await reply(bot, message, actor, STORE_UNAVAILABLE);
    return;
  }
  if (outcome.status === "ignored") return;
  if (outcome.status === "duplicate" && outcome.delivered) return;
  if (outcome.result === "error") {
    bot.log.warn(`Store unavailable for ${messageId}: nothing applied, sender told`);
  }

  let text = outcome.reply;
  if (outcome.status === "done" && outcome.result === "ok") {
    for (const effect of outcome.effects) {
      const said = await effects[effect.type](bot, roomId, eventSlug);
      text = text === "" ? said : `${text}\n${said}`;
    }
  }
  await reply(bot, message, actor, text);
  await deliverNotifications(bot, outcome.notifications, { messageId, roomId, eventSlug });
  if (outcome.logId !== null) {
    await markDelivered(bot.db, outcome.logId).catch((error: unknown) => {
      bot.log.warn(`Could not mark ${messageId} delivered: ${describeError(error)}`);
    });
  }
}
