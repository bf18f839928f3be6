// The Matrix side of making track rooms and the event's Space (issue 20): each room is created
// with a deterministic alias and a creation marker (in m.room.create's content), so that a retry
// after a crash between createRoom and recording it finds the room it made instead of making a
// second one: the alias is taken (M_ROOM_IN_USE), the alias leads to a room whose m.room.create
// the bot sent with the same marker, and that room is used. A 429 is not retried here: the
// caller paces itself by the wait the homeserver asks for.
import { isDeepStrictEqual } from "node:util";
import type { BotContext } from "../context.js";
import { errcodeOf } from "../matrix/matrix-errors.js";
import { isObject, parseCreate, parsePowerLevels, type Json } from "../matrix/matrix-events.js";
import { stateContent, stateEvent } from "./room-state.js";

/** The key of the creation marker in m.room.create's content. */
export const MARKER_KEY = "org.ptgbot.room";

/** A refusal of the bot's own (not the homeserver's): it is reported, and not tried again. */
export class RoomRefusal extends Error {
  override name = "RoomRefusal";
}

const enc = encodeURIComponent;

/** An alias localpart from a name: lower case, `-` for what an alias had better not hold. */
export const aliasLocalpart = (...parts: string[]): string =>
  parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9_.=-]+/g, "-");

/** The room an alias names, or null when none does. */
async function resolveAlias(bot: BotContext, alias: string): Promise<string | null> {
  try {
    const answer: unknown = await bot.client.requestOnce(
      "GET",
      `/_matrix/client/v3/directory/room/${enc(alias)}`,
    );
    return isObject(answer) && typeof answer.room_id === "string" ? answer.room_id : null;
  } catch (error) {
    if (errcodeOf(error) === "M_NOT_FOUND") return null;
    throw error;
  }
}

/** Does the homeserver make rooms where creators are not listed in the power levels (v12+)? */
export async function creatorsPrivileged(bot: BotContext): Promise<boolean> {
  const answer: unknown = await bot.client.doRequest("GET", "/_matrix/client/v3/capabilities");
  const versions =
    isObject(answer) && isObject(answer.capabilities)
      ? answer.capabilities["m.room_versions"]
      : null;
  const version =
    isObject(versions) && typeof versions.default === "string" ? versions.default : "1";
  return parseCreate(bot.userId, { room_version: version }).creatorsPrivileged;
}

export interface MadeRoom {
  roomId: string;
  alias: string;
}

/**
 * Creates a room with `#localpart:server` and `marker`, or finds the one an earlier try made.
 * Throws the homeserver's error (a 429 included), or a RoomRefusal when the alias belongs to
 * another room.
 */
export async function createMarkedRoom(
  bot: BotContext,
  localpart: string,
  marker: Json,
  body: Record<string, unknown>,
): Promise<MadeRoom> {
  const alias = `#${localpart}:${bot.serverName}`;
  // A room an earlier try made (and did not get to record) is found without spending a creation.
  const earlier = await resolveAlias(bot, alias);
  if (earlier !== null) return ours(bot, earlier, alias, marker);
  const creation = isObject(body.creation_content) ? body.creation_content : {};
  try {
    const answer: unknown = await bot.client.requestOnce("POST", "/_matrix/client/v3/createRoom", {
      ...body,
      room_alias_name: localpart,
      creation_content: { ...creation, [MARKER_KEY]: marker },
    });
    if (isObject(answer) && typeof answer.room_id === "string") {
      return { roomId: answer.room_id, alias };
    }
    throw new Error("createRoom answered without a room id");
  } catch (error) {
    if (errcodeOf(error) !== "M_ROOM_IN_USE") throw error;
  }
  // The alias was taken meanwhile: by the room an earlier try made, or by another one.
  const roomId = await resolveAlias(bot, alias);
  if (roomId === null) throw new Error(`${alias} is in use but names no room yet`);
  return ours(bot, roomId, alias, marker);
}

/** The room `alias` names, if the bot made it with this marker; else a RoomRefusal. */
async function ours(
  bot: BotContext,
  roomId: string,
  alias: string,
  marker: Json,
): Promise<MadeRoom> {
  const create = await stateEvent(bot.client, roomId, "m.room.create").catch(() => null);
  if (create?.sender !== bot.userId || !isDeepStrictEqual(create.content[MARKER_KEY], marker)) {
    throw new RoomRefusal(`the alias ${alias} belongs to another room`);
  }
  bot.log.info(`Found ${roomId} (${alias}), made by an earlier try: not creating it again`);
  return { roomId, alias };
}

/** Adds `roomId` to the Space (m.space.child; the room carries m.space.parent from its start). */
export async function addToSpace(bot: BotContext, spaceId: string, roomId: string): Promise<void> {
  await bot.client.sendStateEvent(spaceId, "m.space.child", roomId, {
    via: [bot.serverName],
    suggested: true,
  });
}

/** The Space's join rule (`public`, `invite`…), as it is now. */
export async function joinRuleOf(bot: BotContext, roomId: string): Promise<string | null> {
  const content = await stateContent(bot.client, roomId, "m.room.join_rules");
  return typeof content?.join_rule === "string" ? content.join_rule : null;
}

/** What `~space` named, checked: the Space's room id and alias. Throws a RoomRefusal. */
export async function checkSpace(
  bot: BotContext,
  target: string,
): Promise<MadeRoom | { roomId: string; alias: string | null }> {
  const roomId = target.startsWith("#") ? await resolveAlias(bot, target) : target;
  if (roomId === null) throw new RoomRefusal(`no room has the alias ${target}`);
  await bot.client.joinRoom(roomId, target.startsWith("#") ? [] : undefined);
  const create = await stateEvent(bot.client, roomId, "m.room.create");
  if (create === null || create.content.type !== "m.space") {
    throw new RoomRefusal(`${target} is a room, not a Space`);
  }
  const { creators, creatorsPrivileged: privileged } = parseCreate(create.sender, create.content);
  if (!(privileged && creators.includes(bot.userId))) {
    const levels = parsePowerLevels(
      (await stateContent(bot.client, roomId, "m.room.power_levels")) ?? {},
    );
    const needed = levels.events["m.space.child"] ?? levels.stateDefault;
    const mine = levels.users[bot.userId] ?? levels.usersDefault;
    if (mine < needed) {
      throw new RoomRefusal(
        `I need power level ${needed} there to add rooms to it (I have ${mine})`,
      );
    }
  }
  const canonical = await stateContent(bot.client, roomId, "m.room.canonical_alias");
  const alias =
    typeof canonical?.alias === "string" ? canonical.alias : target.startsWith("#") ? target : null;
  return { roomId, alias };
}
