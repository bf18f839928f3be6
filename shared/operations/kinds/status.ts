// `~status [on|off]`: whether the room it is said in keeps a pinned status message (issue 20;
// by default yes, unless an IRC bridge serves the room or it is a track's room). `~privatelinks
// [on|off]`: whether track urls and etherpads are left out of the public page, ptg.json, the
// calendars and signage. `~publicroom [on|off]`: whether the page lists the room it is said in
// whatever its join rule (an admin's mark; off: listed while its join rule is `public`). Admins
// only; run by handlers/status.ts.
import * as handlers from "../handlers/status.js";
import type { ChatArgs, InvalidOperation, KindDef } from "../kind.js";

/** `mode: null`: show the setting. */
export type StatusInput = { kind: "admin.status"; mode: "on" | "off" | null };
/** `mode: null`: the default (on, unless an IRC bridge serves the room or it is a track room). */
export type StatusResult = { kind: "admin.status"; mode: "on" | "off" | null; trackRoom: boolean };
/** `on: null`: show the setting. */
export type PrivateLinksInput = { kind: "admin.privateLinks"; on: boolean | null };
export type PrivateLinksResult = { kind: "admin.privateLinks"; on: boolean };
/** `on: null`: show the setting. */
export type PublicRoomInput = { kind: "admin.publicRoom"; on: boolean | null };
/** `on`: an admin's mark; `joinRulePublic`: the room's join rule is `public` (as last seen). */
export type PublicRoomResult = { kind: "admin.publicRoom"; on: boolean; joinRulePublic: boolean };

/** `on`, `off`, nothing (null), or the usage refusal. */
const onOff = (args: ChatArgs, usage: string): "on" | "off" | null | InvalidOperation => {
  const [word] = args.words;
  if (word === undefined) return null;
  const said = word.toLowerCase();
  return args.words.length === 1 && (said === "on" || said === "off") ? said : args.invalid(usage);
};

export const status: KindDef<StatusInput, StatusResult> = {
  kind: "admin.status",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["status"],
    example: "~status off",
    brief: "~status",
    parse: (args) => {
      const mode = onOff(args, "Usage: ~status [on|off]");
      return typeof mode === "object" && mode !== null ? mode : { kind: "admin.status", mode };
    },
  },
  help: [
    {
      syntax: "~status [on|off]",
      what:
        "Shows or sets whether this room keeps a pinned message with what every track does now " +
        "(by default on, except in rooms an IRC bridge serves and in track rooms).",
    },
  ],
  run: (ctx, op) => handlers.status(ctx, op),
  render: (result) =>
    result.mode === null
      ? `Status message here: default (on, unless an IRC bridge serves this room${result.trackRoom ? "; off: this is a track's room" : ""})`
      : `Status message here: ${result.mode}`,
  changes: () => ({ parts: ["chatRooms"] }),
  widget: null,
};

export const privateLinks: KindDef<PrivateLinksInput, PrivateLinksResult> = {
  kind: "admin.privateLinks",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["privatelinks"],
    example: "~privatelinks on",
    brief: "~privatelinks",
    parse: (args) => {
      const on = onOff(args, "Usage: ~privatelinks [on|off]");
      return typeof on === "object" && on !== null
        ? on
        : { kind: "admin.privateLinks", on: on === null ? null : on === "on" };
    },
  },
  help: [
    {
      syntax: "~privatelinks [on|off]",
      what:
        "Shows or sets whether track meeting links and etherpads are private: left out of the " +
        "public page, ptg.json, the calendars and signage, shown to signed-in members of the " +
        "event's rooms and in the rooms.",
    },
  ],
  run: (ctx, op) => handlers.privateLinksSetting(ctx, op),
  render: (result) =>
    result.on
      ? "Meeting links are private: only members of the event's rooms see them"
      : "Meeting links are public",
  changes: () => undefined,
  widget: null,
};

export const publicRoom: KindDef<PublicRoomInput, PublicRoomResult> = {
  kind: "admin.publicRoom",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["publicroom"],
    example: "~publicroom on",
    brief: "~publicroom",
    parse: (args) => {
      const on = onOff(args, "Usage: ~publicroom [on|off]");
      return typeof on === "object" && on !== null
        ? on
        : { kind: "admin.publicRoom", on: on === null ? null : on === "on" };
    },
  },
  help: [
    {
      syntax: "~publicroom [on|off]",
      what:
        'Shows or sets whether the page lists this room (in "Where to talk") whatever its join ' +
        "rule; off: listed only while its join rule is public. A private room's id is never " +
        "published otherwise.",
    },
  ],
  run: (ctx, op) => handlers.publicRoom(ctx, op),
  render: (result) => {
    if (result.on)
      return "Public listing here: on (the page lists this room whatever its join rule)";
    return result.joinRulePublic
      ? "Public listing here: off (the page lists this room while its join rule is public)"
      : "Public listing here: off (the page does not list this room: its join rule is not public)";
  },
  changes: () => ({ parts: ["chatRooms"] }),
  widget: null,
};
