// Bridged IRC attendees, end to end: an IRC user on a channel bridged by heisenbridge into an
// event room uses the bot, and everything the test says on their behalf goes through IRC. One
// ngircd, one Synapse, one heisenbridge and one bot for the file (see bridge-rig.ts). Fails (does
// not skip) when ngircd, Synapse or heisenbridge cannot be installed or started.
//
// One store kind only: PostgreSQL when DATABASE_URL is set (as in CI), else PGlite. The bot's
// store code is the same on both and test/bot runs on both; this suite is about the bridge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { ask, bodyOf } from "../bot/support.js";
import { STATUS_MARK, type MatrixClient, type RoomEvent } from "../support/matrix-client.js";
import { openTestStore, type StoreKind, type TestStore } from "../support/stores.js";
import { useBridgeRig, type BridgeRig } from "./bridge-rig.js";
import type { IrcChatMessage, IrcClient } from "./irc-client.js";

const EVENT = "ircptg";
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: {
    Monday: [
      { name: "MonA1", desc: "09:00-10:45" },
      { name: "MonA2", desc: "10:45-12:30" },
    ],
  },
  schedule: {
    "Ballroom A": { MonA1: "swift", MonA2: "" },
    Vail: { MonA1: "", MonA2: "" },
  },
};
const STORE_KIND: StoreKind = process.env.DATABASE_URL ? "postgres" : "pglite";

const startBridgeRig = useBridgeRig();
let store: TestStore | undefined;
let rig: BridgeRig | undefined;
let attendee: IrcClient | undefined;
let chair: IrcClient | undefined;
let ann: MatrixClient | undefined;
/** A Matrix user in the room who only watches (ircAsk waits for the IRC user's message with it). */
let watcher: MatrixClient | undefined;
let setupError: unknown;

beforeAll(async () => {
  try {
    store = await openTestStore(STORE_KIND);
    await importIntoEvent(store.db, EVENT, SCHEDULE);
    rig = await startBridgeRig({
      store,
      databaseUrl: store.url,
      eventSlug: EVENT,
      replyMsgtype: "m.text",
      // In the channel before it is bridged: creates it, so is its channel operator (+o).
      ircUsersBeforePlumb: ["chair"],
    });
    chair = rig.ircUsers.get("chair");
    // Joins after the bridge is up, as most attendees will.
    attendee = await rig.connectIrcUser("attendee");
    ann = await rig.matrixUser("ann", "ann");
    watcher = await rig.matrixUser("watcher", "watcher");
  } catch (error) {
    // Rethrown by every test, so that they fail (a throwing beforeAll would skip them).
    setupError = error;
  }
}, 15 * 60_000);

afterAll(async () => {
  await rig?.stop();
  await store?.close();
}, 60_000);

interface World {
  rig: BridgeRig;
  attendee: IrcClient;
  chair: IrcClient;
  ann: MatrixClient;
  watcher: MatrixClient;
  db: TestStore["db"];
}

function world(): World {
  if (
    rig === undefined ||
    attendee === undefined ||
    chair === undefined ||
    ann === undefined ||
    watcher === undefined ||
    store === undefined
  ) {
    throw setupError instanceof Error ? setupError : new Error("the IRC rig did not start");
  }
  return { rig, attendee, chair, ann, watcher, db: store.db };
}

async function track(name: string) {
  const state = await loadEventState(world().db, EVENT);
  const found = state?.tracks.find((t) => t.name === name);
  if (found === undefined) throw new Error(`track ${name} is missing`);
  return found;
}

/** The bot's lines on IRC: heisenbridge relays them from its relay nick as `<PTGbot> …`. */
const BOT_PREFIX = "<PTGbot> ";
let markers = 0;

/** Says `text` in the channel as `client` and waits until it is in the Matrix room. */
async function sayOnIrc(client: IrcClient, text: string): Promise<void> {
  const { rig, watcher } = world();
  await watcher.syncToNow();
  client.privmsg(rig.channel, text);
  await watcher.waitForMessage(
    rig.roomId,
    (e) => e.sender === rig.puppetId(client.nick) && bodyOf(e) === text,
  );
}

/**
 * Says `text` in the channel as `client` and returns the relayed lines that the bot sent in
 * answer, in order (none when the command succeeds silently). See `ircAnswer`.
 */
async function ircAsk(client: IrcClient, text: string): Promise<IrcChatMessage[]> {
  await client.syncToNow();
  await sayOnIrc(client, text);
  return ircAnswer(client, text);
}

/**
 * The relayed lines that the bot sent to `client` in answer to what it said last (`said`,
 * already in the Matrix room), in order. The end of the answer is found with a marker: a
 * `+seen` for a nick nobody has, whose one-line answer comes after it, because the bot answers
 * a room's commands in order and the bridge relays them in order. The marker is sent once the
 * command is in the Matrix room: heisenbridge merges lines that one nick sends within 100 ms
 * into one Matrix message (see the test about pasted lines).
 *
 * Relayed messages from others (`<ann> …`, the bot's answers to other nicks, with their
 * unprefixed extra lines) are skipped: with stock heisenbridge (PTG_HEISENBRIDGE_STOCK=1) its
 * flood throttle can still be relaying earlier messages when this starts.
 */
async function ircAnswer(client: IrcClient, said: string): Promise<IrcChatMessage[]> {
  const { rig } = world();
  const marker = `nobody${String(++markers)}`;
  const toMe = `${BOT_PREFIX}${client.nick}: `;
  client.privmsg(rig.channel, `+seen ${marker}`);
  const lines: IrcChatMessage[] = [];
  let mine = false;
  for (;;) {
    const line = await client.waitForChat((m) => m.nick === rig.relayNick, {
      what: `the bot's answer to ${JSON.stringify(said)}`,
    });
    if (line.text === `${toMe}${marker} never checked in anywhere`) return lines;
    // A relayed message's first line starts with `<Sender> `, its other lines do not.
    if (/^<[^>]+> /.test(line.text)) mine = line.text.startsWith(toMe);
    if (mine) lines.push(line);
  }
}

const textOf = (lines: IrcChatMessage[]): string[] => lines.map((l) => l.text);

/**
 * Checks that the bot's answer reads well on IRC: plain text without HTML or Matrix links, sent
 * to the channel as PRIVMSG, in messages of at most 3 lines that each start with the nick.
 */
function expectReadableOnIrc(lines: IrcChatMessage[], nick: string): void {
  const { rig } = world();
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line.command).toBe("PRIVMSG");
    expect(line.target).toBe(rig.channel);
    expect(line.text).not.toMatch(/<a[\s>]|<\/|<br|<p>/i);
    expect(line.text).not.toContain("matrix.to");
    expect(line.text).not.toMatch(/&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i);
  }
  // Each Matrix message becomes one prefixed line, then one unprefixed line per extra line.
  const messages: string[][] = [];
  for (const line of textOf(lines)) {
    if (line.startsWith(BOT_PREFIX)) messages.push([line]);
    else messages.at(-1)?.push(line);
  }
  expect(messages.length).toBeGreaterThan(0);
  expect(textOf(lines)[0]?.startsWith(BOT_PREFIX)).toBe(true);
  for (const message of messages) {
    expect(message.length).toBeLessThanOrEqual(3);
    expect(message[0]?.startsWith(`${BOT_PREFIX}${nick}: `)).toBe(true);
  }
}

describe(`an IRC attendee on a heisenbridge-bridged channel (${STORE_KIND})`, () => {
  it("sets #TRACK now and next from IRC", async () => {
    const { attendee } = world();
    // now and next succeed silently for a track with a room scheduled.
    expect(await ircAsk(attendee, "#swift now object storage deep dive")).toEqual([]);
    expect(await ircAsk(attendee, "#swift next erasure codes")).toEqual([]);
    expect(await track("swift")).toMatchObject({
      now: { topic: "object storage deep dive" },
      next: ["erasure codes"],
      location: "Ballroom A",
    });
  });

  it("checks the IRC user in under their IRC nick with +in", async () => {
    const { rig, attendee, db } = world();
    const reply = await ircAsk(attendee, "+in #swift");
    expect(textOf(reply)).toEqual([
      `${BOT_PREFIX}attendee: OK, checked into #swift - thanks for the update!`,
    ]);
    expectReadableOnIrc(reply, "attendee");
    expect((await track("swift")).checkedIn.map((p) => p.nick)).toContain("attendee");
    const row = await db
      .selectFrom("check_ins")
      .select(["person_key", "nick"])
      .where("nick", "=", "attendee")
      .executeTakeFirst();
    expect(row).toEqual({ person_key: rig.puppetId("attendee"), nick: "attendee" });
  });

  it("lets a Matrix user find the IRC user with +seen, and the other way round", async () => {
    const { rig, attendee, ann } = world();
    await attendee.syncToNow();
    let reply = await ask(ann, rig.roomId, "+seen attendee", rig.botId);
    expect(bodyOf(reply)).toMatch(/^ann: attendee was last seen in #swift at \d{4}-\d\d-\d\d /);
    // IRC users see the answer too; the mention of the Matrix user reads as their name.
    const relayed = await attendee.waitForChat((m) => m.text.startsWith(`${BOT_PREFIX}ann: `));
    expect(relayed.text).toBe(`${BOT_PREFIX}${bodyOf(reply)}`);

    reply = await ask(ann, rig.roomId, "+in #nova", rig.botId);
    expect(bodyOf(reply)).toBe("ann: OK, checked into #nova - thanks for the update!");
    const lines = await ircAsk(attendee, "+seen ann");
    expect(textOf(lines)).toHaveLength(1);
    expect(textOf(lines)[0]).toMatch(
      /^<PTGbot> attendee: ann was last seen in #nova at \d{4}-\d\d-\d\d \d\d:\d\d/,
    );
    expectReadableOnIrc(lines, "attendee");
  });

  it("sends error replies to IRC as plain text addressed to the nick", async () => {
    const { attendee } = world();
    const cases: [string, string][] = [
      ["#svift now typo", "Unknown track 'svift'"],
      ["#swift", "Missing track command (#swift [now|next|clean...] ...)"],
      ["#swift foo bar", "Unknown command 'foo'. Did you mean: swift now foo bar... ?"],
      // Echoes what was typed, with characters that HTML escapes in formatted_body.
      ['+in #<b>&"x"', 'Unrecognised track #<b>&"x"'],
      ["+seen", "The 'seen' command needs a single nick argument."],
      ["+out now", "The 'out' command does not accept any extra parameters."],
    ];
    for (const [command, error] of cases) {
      const lines = await ircAsk(attendee, command);
      expect(textOf(lines), command).toEqual([`${BOT_PREFIX}attendee: ${error}`]);
      expectReadableOnIrc(lines, "attendee");
    }
    // The short help: three lines in one message, the first one addressed.
    const help = await ircAsk(attendee, "+help");
    expect(textOf(help)).toHaveLength(3);
    expectReadableOnIrc(help, "attendee");
    expect(textOf(help)[2]).toBe("Full help: https://ptg.example.org/help");
  });

  it("knows IRC nicks with capitals and special characters", async () => {
    const { rig, ann } = world();
    const kim = await rig.connectIrcUser("Kim|away");
    // The puppet's id is lower-cased and escaped; its display name, the nick, is not.
    expect(rig.puppetId("Kim|away")).toBe(`@irc_ptgnet_kim=7caway:${rig.synapse.serverName}`);
    const lines = await ircAsk(kim, "+in #nova");
    expect(textOf(lines)).toEqual([
      `${BOT_PREFIX}Kim|away: OK, checked into #nova - thanks for the update!`,
    ]);
    const reply = await ask(ann, rig.roomId, "+seen kim|AWAY", rig.botId);
    expect(bodyOf(reply)).toMatch(/^ann: Kim\|away was last seen in #nova at /);
    await kim.quit();
  });

  it("runs each of the lines an IRC user pastes, in order, with their replies", async () => {
    // heisenbridge buffers what one nick says and sends lines that follow each other within
    // 100 ms (up to 1 s) as ONE multi-line Matrix message. A moderator who pastes several
    // commands at once therefore reaches the bot as one message, whose lines the bot reads as
    // messages of their own.
    const { rig, attendee, watcher } = world();
    await watcher.syncToNow();
    await attendee.syncToNow();
    attendee.sendAll([
      `PRIVMSG ${rig.channel} :#nova next pasted one`,
      `PRIVMSG ${rig.channel} :#nova now pasted two`,
    ]);
    const merged = await watcher.waitForMessage(
      rig.roomId,
      (e) => e.sender === rig.puppetId("attendee"),
    );
    expect(bodyOf(merged)).toBe("#nova next pasted one\n#nova now pasted two");
    const noRoomToday = "but #nova does not appear to have a room scheduled today";
    expect(textOf(await ircAnswer(attendee, bodyOf(merged)))).toEqual([
      `${BOT_PREFIX}attendee: #nova next was set, ${noRoomToday}`,
      `${BOT_PREFIX}attendee: #nova now was set, ${noRoomToday}`,
    ]);
    // In order: `now` cleared the `next` set by the line before it. No topic holds a line break.
    expect(await track("nova")).toMatchObject({ now: { topic: "pasted two" }, next: [] });
    const state = await loadEventState(world().db, EVENT);
    const topics = (state?.tracks ?? []).flatMap((t) => [t.now?.topic ?? "", ...t.next]);
    expect(topics.filter((t) => /[\r\n]/.test(t))).toEqual([]);
  });

  it("a subscription notification reaches the IRC user", async () => {
    const { rig, attendee, ann, chair } = world();
    const puppet = rig.puppetId("attendee");
    const lines = await ircAsk(attendee, "+subscribe swift");
    expect(textOf(lines)).toEqual([`${BOT_PREFIX}attendee: Subscription set to swift`]);

    // heisenbridge ignores invites to its puppets from Matrix users who are not users of the
    // bridge (the bot is not), so a direct message would be lost. The bot posts the
    // notification in the event room instead, addressed to the puppet: the channel sees it.
    await attendee.syncToNow();
    await ann.sendText(rig.roomId, "#swift now keynote rehearsal");
    const relayed = await attendee.waitForChat(
      (m) => m.nick === rig.relayNick && m.text === "<ann> #swift now keynote rehearsal",
    );
    expect(relayed.target).toBe(rig.channel);
    const notified = await attendee.waitForChat(
      (m) => m.nick === rig.relayNick && m.text.startsWith(`${BOT_PREFIX}attendee: `),
    );
    expect(notified.text).toBe(
      `${BOT_PREFIX}attendee: now in #swift (Ballroom A): keynote rehearsal`,
    );
    expectReadableOnIrc([notified], "attendee");

    // The notification of a command said on IRC, too.
    await attendee.syncToNow();
    chair.privmsg(rig.channel, "#swift next lunch");
    const next = await attendee.waitForChat(
      (m) => m.nick === rig.relayNick && m.text.startsWith(`${BOT_PREFIX}attendee: `),
    );
    expect(next.text).toBe(`${BOT_PREFIX}attendee: next in #swift (Ballroom A): lunch`);

    // In the channel, not privately; and no direct chat was opened with the puppet.
    expect(attendee.bufferedChat().filter((m) => m.target === "attendee")).toEqual([]);
    const direct = await rig.botAccount
      .request<Record<string, string[]>>(
        "GET",
        `/user/${encodeURIComponent(rig.botId)}/account_data/m.direct`,
      )
      .catch((): Record<string, string[]> => ({}));
    expect(direct[puppet]).toBeUndefined();

    expect(await ircAsk(attendee, "+unsubscribe")).toEqual([
      expect.objectContaining({ text: `${BOT_PREFIX}attendee: Cancelled subscription swift` }),
    ]);
  });

  it("cannot be written to privately from IRC: /msg reaches the bridge owner, not the bot", async () => {
    const { rig, attendee } = world();
    const puppet = rig.puppetId("attendee");
    // A /msg to the relay nick opens a private chat between the IRC user and the owner of the
    // relay's IRC connection (the organizer). The bot is not on IRC at all.
    await rig.organizer.syncToNow();
    attendee.privmsg(rig.relayNick, "in #swift");
    const query = await rig.organizer.waitForInvite();
    await rig.organizer.join(query);
    const said = await rig.organizer.waitForMessage(query, (e) => e.sender === puppet);
    expect(bodyOf(said)).toBe("in #swift");
    const members = await rig.organizer.request<{ joined: Record<string, unknown> }>(
      "GET",
      `/rooms/${encodeURIComponent(query)}/joined_members`,
    );
    expect(Object.keys(members.joined).sort()).toEqual(
      [rig.bridgeUserId, rig.organizer.userId, puppet].sort(),
    );
    await rig.organizer.leave(query);
  });

  it("relays m.notice replies (PTG_REPLY_MSGTYPE=m.notice) only with NOTICERELAY, as NOTICE", async () => {
    const { rig, attendee, ann, watcher } = world();
    await rig.restartBot({ replyMsgtype: "m.notice" });
    try {
      // heisenbridge's default for a plumbed room: m.notice is not relayed at all.
      await attendee.syncToNow();
      await sayOnIrc(attendee, "+seen nobody-a");
      const reply = await watcher.waitForMessage(rig.roomId, (e) => e.sender === rig.botId);
      expect(reply.content.msgtype).toBe("m.notice");
      expect(bodyOf(reply)).toBe("attendee: nobody-a never checked in anywhere");
      await ann.sendText(rig.roomId, "after the m.notice");
      await attendee.waitForChat((m) => m.text === "<ann> after the m.notice");
      expect(attendee.bufferedChat().filter((m) => m.nick === rig.relayNick)).toEqual([]);

      // With `ROOM #channel NOTICERELAY --enable` in the network room: an IRC NOTICE.
      await rig.setNoticeRelay(true);
      const lines = await ircAsk(attendee, "+seen nobody-b");
      expect(lines.map((l) => [l.command, l.target, l.text])).toEqual([
        ["NOTICE", rig.channel, `${BOT_PREFIX}attendee: nobody-b never checked in anywhere`],
      ]);
    } finally {
      await rig.setNoticeRelay(false);
      await rig.restartBot({ replyMsgtype: "m.text" });
    }
    const lines = await ircAsk(attendee, "+seen nobody-c");
    expect(lines.map((l) => l.command)).toEqual(["PRIVMSG"]);
  });

  it("does not map IRC channel operator (+o) or voice (+v) to Matrix power levels", async () => {
    const { rig, chair } = world();
    // chair created the channel (+o) and gives attendee voice on IRC.
    await rig.organizer.syncToNow();
    chair.send(`MODE ${rig.channel} +v attendee`);
    // The bridge saw it: it reports channel mode changes in the network room.
    await rig.organizer.waitForMessage(
      rig.networkRoomId,
      (e) => e.sender === rig.bridgeUserId && bodyOf(e).includes("chair set modes +v attendee"),
    );
    const levels = await rig.organizer.getPowerLevels(rig.roomId);
    expect(Object.keys(levels.users ?? {}).filter((u) => u.startsWith("@irc_"))).toEqual([]);

    const lines = await ircAsk(chair, "~list");
    expect(textOf(lines)).toEqual([`${BOT_PREFIX}chair: Need op for admin commands`]);
    expectReadableOnIrc(lines, "chair");
  });

  it("runs ~ admin commands from IRC for a puppet given power level 50 in Matrix", async () => {
    const { rig, attendee } = world();
    const puppet = rig.puppetId("attendee");
    let lines = await ircAsk(attendee, "~add irctrack");
    expect(textOf(lines)).toEqual([`${BOT_PREFIX}attendee: Need op for admin commands`]);

    await rig.organizer.setPowerLevel(rig.roomId, puppet, 50);
    lines = await ircAsk(attendee, "~add irctrack");
    expect(textOf(lines)).toEqual([`${BOT_PREFIX}attendee: Added tracks: irctrack`]);
    lines = await ircAsk(attendee, "~list");
    expect(textOf(lines)).toEqual([`${BOT_PREFIX}attendee: Available tracks: irctrack nova swift`]);
    lines = await ircAsk(attendee, "~del irctrack");
    expect(textOf(lines)).toEqual([`${BOT_PREFIX}attendee: Removed tracks: irctrack`]);

    await rig.organizer.setPowerLevel(rig.roomId, puppet, 0);
    lines = await ircAsk(attendee, "~list");
    expect(textOf(lines)).toEqual([`${BOT_PREFIX}attendee: Need op for admin commands`]);
  });

  it("requires Matrix power level 1 (not IRC voice) for track commands after ~requirevoice", async () => {
    const { rig, attendee } = world();
    const puppet = rig.puppetId("attendee");
    await rig.organizer.setPowerLevel(rig.roomId, puppet, 50);
    let lines = await ircAsk(attendee, "~requirevoice");
    expect(textOf(lines)).toEqual([
      `${BOT_PREFIX}attendee: Voice is now required to issue track commands`,
    ]);
    // attendee has +v on IRC (previous test), but power level 0 in Matrix.
    await rig.organizer.setPowerLevel(rig.roomId, puppet, 0);
    lines = await ircAsk(attendee, "#swift next voice check");
    expect(textOf(lines)).toEqual([`${BOT_PREFIX}attendee: Need voice to issue commands`]);

    await rig.organizer.setPowerLevel(rig.roomId, puppet, 1);
    expect(await ircAsk(attendee, "#swift next voice check")).toEqual([]);
    expect((await track("swift")).next).toContain("voice check");

    await rig.organizer.setPowerLevel(rig.roomId, puppet, 50);
    lines = await ircAsk(attendee, "~alloweveryone");
    expect(textOf(lines)).toEqual([`${BOT_PREFIX}attendee: Everyone may now issue track commands`]);
    await rig.organizer.setPowerLevel(rig.roomId, puppet, 0);
  });

  it("keeps no pinned status message in the bridged room unless an admin says ~status on", async () => {
    const { rig, attendee, db } = world();
    expect(await ircAsk(attendee, "#swift now status check")).toEqual([]);
    // The change queued the room's status row, and the bot delivered it: the bridge in the room
    // turned the status message off, so nothing was sent or pinned.
    await expect
      .poll(
        async () =>
          (
            await db
              .selectFrom("outbox")
              .select(["destination", "message", "delivered_at"])
              .execute()
          ).filter(
            (row) =>
              (row.message as { kind: string }).kind === "room-status" &&
              (row.destination as { roomId: string }).roomId === rig.roomId,
          ).length > 0 &&
          (
            await db
              .selectFrom("outbox")
              .select(["message", "delivered_at"])
              .where("delivered_at", "is", null)
              .execute()
          ).every((row) => (row.message as { kind: string }).kind !== "room-status"),
        { timeout: 30_000 },
      )
      .toBe(true);
    const statusOf = (e: RoomEvent) =>
      e.type === "m.room.message" && e.content[STATUS_MARK] === true;
    await expect(rig.organizer.getState(rig.roomId, "m.room.pinned_events")).rejects.toThrow();
    expect(await db.selectFrom("status_messages").selectAll().execute()).toEqual([]);

    // `~status on` overrides the default: the message comes, in the room and on IRC.
    await rig.organizer.syncToNow();
    const on = await ask(rig.organizer, rig.roomId, "~status on", rig.botId);
    expect(bodyOf(on)).toContain("Status message here: on");
    const status = await rig.organizer.waitForEvent(rig.roomId, statusOf, 30_000);
    expect(String(status.content.body)).toContain("#swift: status check");
    const off = await ask(rig.organizer, rig.roomId, "~status off", rig.botId);
    expect(bodyOf(off)).toContain("Status message here: off");
  });

  it("logged no errors", () => {
    const { rig } = world();
    expect(rig.botLog.lines.filter((l) => l.startsWith("error:"))).toEqual([]);
  });
});
