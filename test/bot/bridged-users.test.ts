import { describe, expect, it } from "vitest";
import {
  bridgesInState,
  looksLikePuppet,
  nickInUserId,
  parseBridgeInfo,
  type BridgeInfo,
} from "../../bot/bridges/bridge-info.js";
import {
  isBridgedIn,
  isBridgedUser,
  roomForBridgedUser,
  roomFromState,
  type EventRoom,
} from "../../bot/bridges/bridged-users.js";
import { loadConfig } from "../../shared/config.js";

const kim = "@irc_ptgnet_kim:example.org";
const room = (roomId: string, ...members: string[]): EventRoom => ({
  roomId,
  members: new Set(members),
});

describe("which subscribers are bridged users (no direct messages)", () => {
  it("by default, the puppets of heisenbridge and of matrix-appservice-irc's usual templates", () => {
    const { bridgedUsers } = loadConfig({});
    // heisenbridge: @irc_<network>_<nick>; matrix-appservice-irc's sample: @irc_$NICK.
    expect(isBridgedUser(kim, bridgedUsers)).toBe(true);
    expect(isBridgedUser("@irc_ptgnet_kim=7caway:example.org", bridgedUsers)).toBe(true);
    expect(isBridgedUser("@irc_kim:example.org", bridgedUsers)).toBe(true);
    // matrix.org's bridges: @_<network>_$NICK.
    expect(isBridgedUser("@_oftc_kim:matrix.org", bridgedUsers)).toBe(true);
    expect(isBridgedUser("@_gimpnet_kim:gnome.org", bridgedUsers)).toBe(true);
    // matrix-appservice-irc's default: @$SERVER_$NICK.
    expect(isBridgedUser("@irc.oftc.net_kim:example.org", bridgedUsers)).toBe(true);
    expect(isBridgedUser("@irc.libera.chat_kim=7caway:example.org", bridgedUsers)).toBe(true);
  });

  it("by default, not Matrix users, whatever their ids look like", () => {
    const { bridgedUsers } = loadConfig({});
    for (const userId of [
      "@kim:example.org",
      "@kim_irc_:example.org",
      "@kim_oftc_:example.org",
      "@ircfan:example.org",
      "@jane.doe_work:example.org",
      "@__kim:example.org",
      "@x:irc_example.org",
    ]) {
      expect(isBridgedUser(userId, bridgedUsers), userId).toBe(false);
    }
  });

  it("follows PTG_BRIDGED_USERS; empty means nobody", () => {
    const oftc = loadConfig({ PTG_BRIDGED_USERS: "^@_?oftc_" }).bridgedUsers;
    expect(isBridgedUser("@_oftc_kim:example.org", oftc)).toBe(true);
    expect(isBridgedUser(kim, oftc)).toBe(false);
    expect(isBridgedUser(kim, loadConfig({ PTG_BRIDGED_USERS: "" }).bridgedUsers)).toBe(false);
  });
});

describe("the event room a bridged user's notification goes to", () => {
  const main = room("!main:example.org", "@ann:example.org", kim);
  const irc = room("!irc:example.org", kim);
  const other = room("!other:example.org", "@ann:example.org");

  it("the room the command came from, when the user is there", () => {
    expect(roomForBridgedUser(kim, irc.roomId, [main, irc])).toBe(irc.roomId);
    expect(roomForBridgedUser(kim, main.roomId, [main, irc])).toBe(main.roomId);
  });

  it("else the first bound room where the user is", () => {
    expect(roomForBridgedUser(kim, other.roomId, [other, irc, main])).toBe(irc.roomId);
    // A command from a direct chat: not an event room.
    expect(roomForBridgedUser(kim, "!dm:example.org", [main, irc])).toBe(main.roomId);
  });

  it("none when the user is in no room of the event", () => {
    expect(roomForBridgedUser(kim, other.roomId, [other])).toBeNull();
    expect(roomForBridgedUser(kim, other.roomId, [])).toBeNull();
    // Invited or gone is not joined: only joined members count.
    expect(roomForBridgedUser(kim, main.roomId, [room(main.roomId)])).toBeNull();
  });
});

const oftcBridge: BridgeInfo = {
  bridgebot: "@oftc-irc:matrix.org",
  protocol: "irc",
  network: "irc.oftc.net",
  channel: "#ptg",
};

describe("bridge information in room state (MSC2346)", () => {
  it("reads m.bridge and uk.half-shot.bridge as matrix-appservice-irc writes them", () => {
    const content = {
      bridgebot: "@oftc-irc:matrix.org",
      protocol: { id: "irc", displayname: "IRC" },
      network: { id: "irc.oftc.net", displayname: "OFTC" },
      channel: { id: "#ptg" },
    };
    expect(parseBridgeInfo(content)).toEqual(oftcBridge);
    const state = [
      {
        type: "uk.half-shot.bridge",
        state_key: "org.matrix.appservice-irc:/irc.oftc.net/#ptg",
        content,
      },
      { type: "m.bridge", state_key: "x", content: { ...content, protocol: { id: "IRC" } } },
      { type: "m.room.name", state_key: "", content: { name: "PTG" } },
    ];
    expect(bridgesInState(state)).toEqual([oftcBridge, oftcBridge]);
  });

  it("ignores malformed bridge information", () => {
    expect(parseBridgeInfo({ protocol: { id: "irc" } })).toBeNull();
    expect(parseBridgeInfo({ bridgebot: "oftc-irc", protocol: { id: "irc" } })).toBeNull();
    expect(parseBridgeInfo({ bridgebot: "@b:x", protocol: "irc" })).toBeNull();
    expect(parseBridgeInfo({ bridgebot: "@b:x", protocol: { id: "irc" } })).toEqual({
      bridgebot: "@b:x",
      protocol: "irc",
      network: undefined,
      channel: undefined,
    });
    expect(
      bridgesInState([null, "x", { type: "m.bridge" }, { type: "m.bridge", content: 1 }]),
    ).toEqual([]);
  });

  it("writes nicks into user ids as IRC bridges do", () => {
    expect(nickInUserId("Kim")).toBe("kim");
    expect(nickInUserId("Kim|away")).toBe("kim=7caway");
    expect(nickInUserId("[m]é")).toBe("=5bm=5d=c3=a9");
  });

  it("takes a member for an IRC puppet when its nick ends its id on the bridge's server", () => {
    const bridges = [oftcBridge];
    expect(looksLikePuppet("@_oftc_kim:matrix.org", "kim", bridges)).toBe(true);
    expect(looksLikePuppet("@oftcirc_kim=7caway:matrix.org", "Kim|away", bridges)).toBe(true);
    expect(looksLikePuppet("@x_kim:matrix.org", "kim (IRC)", bridges)).toBe(true);
    // Not: another server, the bridge bot itself, no display name, a name not in the id.
    expect(looksLikePuppet("@_oftc_kim:example.org", "kim", bridges)).toBe(false);
    expect(looksLikePuppet("@oftc-irc:matrix.org", "irc", bridges)).toBe(false);
    expect(looksLikePuppet("@_oftc_kim:matrix.org", undefined, bridges)).toBe(false);
    expect(looksLikePuppet("@kim:matrix.org", "kim", bridges)).toBe(false);
    expect(looksLikePuppet("@_oftc_kim:matrix.org", "Kim Lee", bridges)).toBe(false);
    // Not in a room whose bridges are not IRC bridges.
    const discord = { ...oftcBridge, protocol: "discord" };
    expect(looksLikePuppet("@_oftc_kim:matrix.org", "kim", [discord])).toBe(false);
  });
});

describe("who is bridged, with the event's rooms", () => {
  const state = (displayname: string, userId: string) => [
    {
      type: "uk.half-shot.bridge",
      state_key: "org.matrix.appservice-irc:/irc.hackint.org/#ptg",
      content: { bridgebot: "@appservice-irc:hackint.org", protocol: { id: "irc" } },
    },
    { type: "m.room.member", state_key: userId, content: { membership: "join", displayname } },
    {
      type: "m.room.member",
      state_key: "@gone_kim:hackint.org",
      content: { membership: "leave", displayname: "kim" },
    },
  ];

  it("reads members, names and bridges from the room's state", () => {
    const room = roomFromState("!r:x", state("kim", "@hackint_kim:hackint.org"));
    expect([...room.members]).toEqual(["@hackint_kim:hackint.org"]);
    expect(room.names?.get("@hackint_kim:hackint.org")).toBe("kim");
    expect(room.bridges?.map((b) => b.bridgebot)).toEqual(["@appservice-irc:hackint.org"]);
  });

  it("by default, also a puppet of an unusual template in an IRC-bridged event room", () => {
    const { bridgedUsers } = loadConfig({});
    const puppet = "@hackint_kim:hackint.org";
    const rooms = [roomFromState("!r:x", state("kim", puppet))];
    expect(isBridgedUser(puppet, bridgedUsers)).toBe(false);
    expect(isBridgedIn(puppet, bridgedUsers, rooms)).toBe(true);
    // Joined members only; the pattern still counts without rooms.
    expect(isBridgedIn("@gone_kim:hackint.org", bridgedUsers, rooms)).toBe(false);
    expect(isBridgedIn(puppet, bridgedUsers, [])).toBe(false);
    expect(isBridgedIn("@_oftc_kim:matrix.org", bridgedUsers, [])).toBe(true);
  });

  it("PTG_BRIDGED_USERS set by hand decides alone", () => {
    const puppet = "@hackint_kim:hackint.org";
    const rooms = [roomFromState("!r:x", state("kim", puppet))];
    expect(
      isBridgedIn(puppet, loadConfig({ PTG_BRIDGED_USERS: "^@_oftc_" }).bridgedUsers, rooms),
    ).toBe(false);
    expect(isBridgedIn(puppet, loadConfig({ PTG_BRIDGED_USERS: "" }).bridgedUsers, rooms)).toBe(
      false,
    );
    expect(
      isBridgedIn(puppet, loadConfig({ PTG_BRIDGED_USERS: "^@hackint_" }).bridgedUsers, rooms),
    ).toBe(true);
  });
});
