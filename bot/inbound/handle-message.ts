// One command message (one line of a Matrix message, parsed once by routing.ts): execute its
// operation through the core, which queues the reply, notifications and effects in the outbox
// in the command's transaction; then drain the outbox, so that the reply is in the room before
// the next line is read (when the homeserver or the store fails meanwhile, the outbox tries
// again later: the command is not run again). The core's command log, keyed on the message id (derived from the
// Matrix event id), applies each line once; a redelivered line's queued messages are delivered
// by the same drain, with the same transaction ids.
import { CREATOR_LEVEL } from "../../shared/operations/permission.js";
import { markDelivered, STORE_UNAVAILABLE } from "../../shared/operations/execute.js";
import type { Venue } from "../../shared/commands/parse.js";
import type { Actor } from "../../shared/operations/context.js";
import type { Destination } from "../../shared/domain/destination.js";
import { execute } from "../../shared/operations/execute.js";
import type { Operation } from "../../shared/operations/operation.js";
import { eventForChatRoom } from "../../shared/store/events.js";
import type { BotContext } from "../context.js";
import { describeError } from "../matrix/log.js";
import { isPermanent } from "../matrix/matrix-errors.js";
import type { RoomEvent } from "../matrix/matrix-events.js";
import type { MatrixOutbox } from "../delivery/outbox.js";
import { apologyFor, replyMessages } from "../delivery/replies.js";
import { replyRelation } from "../delivery/reply-relation.js";
import { commandInRoom, type RoomCommand } from "./room-binding.js";
import { sendMessage, transactionId } from "../delivery/send.js";

export interface CommandMessage {
  roomId: string;
  event: RoomEvent;
  /** The event id for a message's first line, `<event id>#<i>` for the others (routing.ts). */
  messageId: string;
  text: string;
  operation: Operation;
  venue: Venue;
}

/** The event the room's commands apply to; DMs use the room's binding or the default event. */
async function eventSlugFor(
  bot: BotContext,
  message: CommandMessage,
  sender: string,
): Promise<RoomCommand> {
  if (message.venue === "direct") {
    const slug = (await eventForChatRoom(bot.db, message.roomId))?.slug;
    return { kind: "run", eventSlug: slug ?? bot.config.defaultEvent, vouched: false };
  }
  return commandInRoom(bot, message.roomId, sender, message.operation);
}

/**
 * Where the reply to a command goes: the room, addressed to the sender unless a DM, as a Matrix
 * reply to the command's event.
 */
const replyDestination = (message: CommandMessage, actor: Actor): Destination => ({
  kind: "matrix.room",
  roomId: message.roomId,
  to: message.venue === "direct" ? null : { userId: actor.id, nick: actor.nick },
  inReplyTo: message.event.eventId,
});

/** Tells the sender that the store failed: the one reply that cannot go through the outbox. */
async function replyDirectly(
  bot: BotContext,
  message: CommandMessage,
  actor: Actor,
  text: string,
): Promise<void> {
  const { to } = replyDestination(message, actor) as Extract<Destination, { kind: "matrix.room" }>;
  const inReplyTo = await replyRelation(bot, message.roomId, message.event.eventId).catch(
    () => undefined,
  );
  const contents = replyMessages(text, to, bot.config.replyMsgtype, inReplyTo);
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

export async function handleMessage(
  bot: BotContext,
  outbox: MatrixOutbox,
  message: CommandMessage,
): Promise<void> {
  const { roomId, event, messageId } = message;
  let actor = await bot.actors.actorFor(roomId, event.sender);

  let room: RoomCommand;
  try {
    room = await eventSlugFor(bot, message, actor.id);
  } catch (error) {
    bot.log.warn(`Store unavailable for ${messageId}: ${describeError(error)}`);
    await replyDirectly(bot, message, actor, apologyFor(STORE_UNAVAILABLE, message.text));
    return;
  }
  if (room.kind === "ignore") return;
  if (room.kind === "refuse") {
    await replyDirectly(bot, message, actor, room.reply);
    return;
  }
  const { eventSlug } = room;
  // The binding rule made the sender an admin of the event this room joins.
  if (room.vouched) actor = { ...actor, powerLevel: CREATOR_LEVEL };

  const outcome = await execute(
    bot.db,
    message.operation,
    actor,
    {
      commandId: messageId,
      eventSlug,
      chatRoomId: roomId,
      replyTo: replyDestination(message, actor),
      text: message.text,
      // When it was said (a command read after a downtime keeps its time), never in the future.
      now: new Date(Math.min(event.originServerTs || Date.now(), Date.now())),
    },
    {
      helpUrl: bot.helpUrl,
      allowPrivateFetch: bot.config.fetchPrivate,
      bridgedUsers: bot.config.bridgedUsers,
      jitsiUrl: bot.config.jitsiUrl ?? null,
      onError: (error) => {
        bot.log.warn(`Store unavailable for ${messageId}: ${describeError(error)}`);
      },
    },
  );
  if (outcome.status === "duplicate" && outcome.delivered) return;
  if (outcome.logId === null) {
    // Not logged (the store failed, or could not log a refusal): nothing is queued.
    if (outcome.result === "error") {
      bot.log.warn(`Store unavailable for ${messageId}: nothing applied, sender told`);
    }
    const reply =
      outcome.result === "error" ? apologyFor(outcome.reply, message.text) : outcome.reply;
    await replyDirectly(bot, message, actor, reply);
    return;
  }
  try {
    await outbox.drain();
  } catch (error) {
    // The command is applied and its messages are queued: the outbox tries again later.
    bot.log.warn(`Could not deliver what ${messageId} caused yet: ${describeError(error)}`);
    outbox.kick();
    return;
  }
  await markDelivered(bot.db, outcome.logId).catch((error: unknown) => {
    bot.log.warn(`Could not mark ${messageId} delivered: ${describeError(error)}`);
  });
}
