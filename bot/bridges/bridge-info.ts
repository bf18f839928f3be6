// Bridge information in room state (MSC2346), pure: bridges that support it put a state event
// `m.bridge` (or the unstable `uk.half-shot.bridge`, which matrix-appservice-irc and other
// matrix-appservice-bridge bridges write when their `bridgeInfoState` is on) into each room
// they bridge, one per bridged channel: `bridgebot` (the bridge's own user), `protocol`
// (`{ id: "irc", … }`), `network` (`{ id: "irc.oftc.net", … }`) and `channel` (`{ id: "#ptg" }`).
// heisenbridge writes none.
//
// The event does not say which users are the bridge's puppets. What IRC bridges do say, by
// their templates, is a puppet's nick twice: as its display name (`$NICK`, perhaps followed by
// ` (IRC)`) and at the end of its user id (`@_oftc_kim`, `@irc_libera_kim`, `@irc.oftc.net_kim`),
// the user id on the bridge bot's homeserver. A member of an IRC-bridged room who fits that is
// taken for a puppet.
import { isObject, type Json } from "../matrix/matrix-events.js";

export const BRIDGE_INFO_TYPES: readonly string[] = ["m.bridge", "uk.half-shot.bridge"];

export interface BridgeInfo {
  /** The bridge's own Matrix user. */
  bridgebot: string;
  /** `protocol.id`, lower case: `irc` for IRC bridges. */
  protocol: string;
  /** `network.id` (an IRC server's address), when given. */
  network: string | undefined;
  /** `channel.id` (an IRC channel's name), when given. */
  channel: string | undefined;
}

/** `@local:server` → [`local`, `server`]. */
function splitUserId(userId: string): [string, string] {
  const colon = userId.indexOf(":");
  return colon < 0 ? [userId.slice(1), ""] : [userId.slice(1, colon), userId.slice(colon + 1)];
}

const idOf = (value: unknown): string | undefined =>
  isObject(value) && typeof value.id === "string" ? value.id : undefined;

/** The bridge information in a state event of one of BRIDGE_INFO_TYPES; null if malformed. */
export function parseBridgeInfo(content: Json): BridgeInfo | null {
  const { bridgebot } = content;
  const protocol = idOf(content.protocol);
  if (typeof bridgebot !== "string" || !bridgebot.startsWith("@") || protocol === undefined) {
    return null;
  }
  return {
    bridgebot,
    protocol: protocol.toLowerCase(),
    network: idOf(content.network),
    channel: idOf(content.channel),
  };
}

/** The bridges of a room's state events (as `/rooms/{id}/state` returns them). */
export function bridgesInState(state: readonly unknown[]): BridgeInfo[] {
  const bridges: BridgeInfo[] = [];
  for (const event of state) {
    if (!isObject(event) || typeof event.type !== "string") continue;
    if (!BRIDGE_INFO_TYPES.includes(event.type) || !isObject(event.content)) continue;
    const info = parseBridgeInfo(event.content);
    if (info !== null) bridges.push(info);
  }
  return bridges;
}

/**
 * A nick as IRC bridges write it into a user id: lower case, characters outside the user id
 * grammar as `=xx` (heisenbridge: `Kim|away` is `kim=7caway`).
 */
export function nickInUserId(nick: string): string {
  return Array.from(nick.toLowerCase(), (c) =>
    /[a-z0-9._\-/]/.test(c)
      ? c
      : Array.from(new TextEncoder().encode(c), (b) => `=${b.toString(16).padStart(2, "0")}`).join(
          "",
        ),
  ).join("");
}

/** The nick in a puppet's display name: `kim`, or `kim (IRC)` as some deployments name them. */
function nickIn(displayName: string): string {
  return displayName.replace(/\s*\(IRC\)$/i, "").trim();
}

/** Whether `userId` could be taken for a puppet at all (its own part ends in `_nick`). */
export function couldBePuppet(userId: string): boolean {
  return splitUserId(userId)[0].lastIndexOf("_") > 0;
}

/**
 * Whether `userId`, a member of a room with these bridges and that display name there, looks
 * like the puppet of an IRC bridge of the room (see the head of this file).
 */
export function looksLikePuppet(
  userId: string,
  displayName: string | undefined,
  bridges: readonly BridgeInfo[],
): boolean {
  if (displayName === undefined) return false;
  const nick = nickIn(displayName);
  if (nick === "" || /\s/.test(nick)) return false;
  const ending = `_${nickInUserId(nick)}`;
  const [own, server] = splitUserId(userId);
  return bridges.some(
    (bridge) =>
      bridge.protocol === "irc" &&
      bridge.bridgebot !== userId &&
      splitUserId(bridge.bridgebot)[1] === server &&
      own.toLowerCase().endsWith(ending) &&
      own.length > ending.length,
  );
}
