// Subscription notifications. A Matrix user gets theirs as a direct message: in the direct room
// the bot already has with them (m.direct), else in a new one (created with `is_direct`, the
// person invited, and recorded in m.direct so that the next notification reuses it).
//
// A user bridged from IRC (bridged-users.ts) sees a room only once their puppet has joined it
// (an appservice receives nothing of a room its users have not joined), and some bridges never
// join a direct room at all (heisenbridge). So theirs goes, in this order:
//   1. in their direct room with the bot, if their puppet has joined it (say, after they wrote
//      to the bot with /msg, or after an earlier notification);
//   2. else in a room of the event where they are, addressed to them like a reply (the
//      command's room first);
//   3. else, in no room of the event, in a direct room, once their puppet has joined it: the
//      room is opened and the notification waits (`wait`, the outbox keeps the row and tries
//      again) for the join, up to bot.directJoinBoundMs (DIRECT_JOIN_BOUND_MS by default) after
//      the invite (join-waiters.ts).
// A direct room whose invite has stayed unanswered past the bound (heisenbridge) costs no wait
// again: the next notifications go straight to the event room.
//
// Where someone stands in their direct room is read from the database (direct-room-states.ts),
// kept as the bot opens rooms and syncs: a notification costs no state request, and the event
// rooms' members are read only for someone who may be bridged.
import { couldBePuppet } from "../bridges/bridge-info.js";
import {
  eventRooms,
  isBridgedIn,
  isBridgedUser,
  roomForBridgedUser,
} from "../bridges/bridged-users.js";
import type { BotContext } from "../context.js";
import { directStep, type DirectStep } from "./join-waiters.js";
import { errcodeOf, isPermanent } from "../matrix/matrix-errors.js";
import { replyMessages } from "./replies.js";
import { stateEvent } from "../rooms/room-state.js";
import { sendMessage } from "./send.js";

/** How long after inviting a bridged user's puppet to a direct room the bot waits, by default. */
export const DIRECT_JOIN_BOUND_MS = 30_000;

/** Whom a notification is for: a Matrix user, perhaps bridged, and the event it is about. */
export interface NotificationTarget {
  userId: string;
  /** Known to be bridged (PTG_BRIDGED_USERS matched when the row was queued). */
  bridged: boolean;
  /** The event whose rooms may carry it (any event when null), and the command's room. */
  eventSlug: string | null;
  near: string | null;
}

export type NotifyOutcome =
  | { kind: "sent" }
  /** Not yet: try again once `userId` joined `roomId` or `withinMs` passed. */
  | { kind: "wait"; roomId: string; userId: string; withinMs: number }
  /** Cannot be delivered: why. */
  | { kind: "unreachable"; why: string };

/** Opens a direct room with `userId` (invited now) and records it (database and m.direct). */
export async function openDirectRoom(bot: BotContext, userId: string): Promise<string> {
  const roomId = await bot.client.createRoom({
    invite: [userId],
    is_direct: true,
    preset: "trusted_private_chat",
    name: "PTG notifications",
  });
  await bot.directStates.record(roomId, userId, "invite", Date.now());
  await bot.direct.add(userId, roomId);
  bot.log.info(`Opened a direct chat with ${userId} (${roomId}) for notifications`);
  return roomId;
}

async function sendParts(
  bot: BotContext,
  roomId: string,
  text: string,
  to: { userId: string; nick: string } | null,
  txnId: (part: number) => string,
): Promise<void> {
  const messages = replyMessages(text, to, bot.config.replyMsgtype);
  for (const [i, content] of messages.entries()) {
    await sendMessage(bot.client, roomId, content, txnId(i));
  }
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
  return bot.people.run(userId, async () => {
    for (let attempt = 1; ; attempt++) {
      const roomId = bot.direct.roomWith(userId) ?? (await openDirectRoom(bot, userId));
      try {
        await sendParts(bot, roomId, text, null, txnId);
        return;
      } catch (error) {
        // The bot is no longer in that room: forget it and open another one, once.
        if (attempt === 1 && errcodeOf(error) === "M_FORBIDDEN") {
          await forgetDirectRoom(bot, roomId);
          continue;
        }
        throw error;
      }
    }
  });
}

/** Forgets a direct room the bot is no longer in. */
export async function forgetDirectRoom(bot: BotContext, roomId: string): Promise<void> {
  await bot.directStates.forget(roomId);
  await bot.direct.remove(roomId);
}

/**
 * Where `userId` stands in direct room `roomId` (the database's word; the homeserver is asked
 * only when the database does not know the room), or undefined when they were never invited.
 */
async function membershipIn(
  bot: BotContext,
  roomId: string,
  userId: string,
): Promise<{ membership: string | undefined; since: number | undefined } | null> {
  const known = await bot.directStates.of(roomId);
  if (known?.userId === userId) return { membership: known.membership, since: known.since };
  let member;
  try {
    member = await stateEvent(bot.client, roomId, "m.room.member", userId);
  } catch (error) {
    // The bot is no longer in that room: forget it.
    if (!isPermanent(error)) throw error;
    await forgetDirectRoom(bot, roomId);
    return null;
  }
  const membership = member?.content.membership;
  if (member === null || typeof membership !== "string") {
    return { membership: undefined, since: undefined };
  }
  await bot.directStates.record(roomId, userId, membership, member.originServerTs);
  return { membership, since: member.originServerTs };
}

/** Where `userId` stands in direct room `roomId`, and how long since they were invited there. */
async function directStepIn(
  bot: BotContext,
  roomId: string,
  userId: string,
): Promise<{ step: DirectStep; waitedMs: number } | null> {
  const member = await membershipIn(bot, roomId, userId);
  if (member === null) return null;
  // No member event at all: they were never invited; waiting would not help.
  const waitedMs = member.since === undefined ? Infinity : Date.now() - member.since;
  return {
    step: directStep(member.membership, waitedMs, bot.directJoinBoundMs),
    waitedMs,
  };
}

/** Delivers one notification (see the head of this file); `txnId(i)` names part i. */
export async function notify(
  bot: BotContext,
  target: NotificationTarget,
  text: string,
  txnId: (part: number) => string,
): Promise<NotifyOutcome> {
  const { userId } = target;
  const pattern = bot.config.bridgedUsers;
  // The event rooms' members matter only for someone who may be bridged.
  const mayBeBridged = target.bridged || isBridgedUser(userId, pattern) || couldBePuppet(userId);
  const rooms = mayBeBridged ? await eventRooms(bot, target.eventSlug) : [];
  if (!target.bridged && !isBridgedIn(userId, pattern, rooms)) {
    await sendDirect(bot, userId, text, txnId);
    return { kind: "sent" };
  }
  return bot.people.run(userId, async (): Promise<NotifyOutcome> => {
    const direct = bot.direct.roomWith(userId);
    const state = direct === undefined ? null : await directStepIn(bot, direct, userId);
    if (direct !== undefined && state?.step === "post") {
      await sendParts(bot, direct, text, null, txnId);
      return { kind: "sent" };
    }
    const roomId = roomForBridgedUser(userId, target.near ?? "", rooms);
    if (roomId !== null) {
      const nick = await bot.actors.nickOf(roomId, userId);
      await sendParts(bot, roomId, text, { userId, nick }, txnId);
      return { kind: "sent" };
    }
    if (direct !== undefined && state?.step === "wait") {
      return {
        kind: "wait",
        roomId: direct,
        userId,
        withinMs: Math.max(0, bot.directJoinBoundMs - state.waitedMs),
      };
    }
    if (direct !== undefined && state !== null) {
      const where = target.eventSlug === null ? "any event" : `event ${target.eventSlug}`;
      return {
        kind: "unreachable",
        why: `a bridged user in no room of ${where}, who has not joined the direct room ${direct}`,
      };
    }
    const opened = await openDirectRoom(bot, userId);
    return { kind: "wait", roomId: opened, userId, withinMs: bot.directJoinBoundMs };
  });
}
