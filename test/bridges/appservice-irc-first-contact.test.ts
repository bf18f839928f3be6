// The first contact between the bot and an IRC user behind an appservice bridge in the style of
// matrix-appservice-irc: the bridge's puppets see only rooms they have joined, and join a room
// they are invited to after a delay. See appservice-irc.test.ts for the rest.
//
// One store kind only: PostgreSQL when DATABASE_URL is set (as in CI), else PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { ask, bodyOf } from "../bot/support.js";
import type { AppServiceEvent, Puppet } from "../support/appservice.js";
import { isStatusMessage, type MatrixClient } from "../support/matrix-client.js";
import { openTestStore, type StoreKind, type TestStore } from "../support/stores.js";
import { useAppServiceRig, type AppServiceRig } from "./appservice-rig.js";

const EVENT = "asfirst";
const SCHEDULE = {
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  tracks: ["swift", "nova", "tide", "reef"],
  schedule: {
    "Ballroom A": { MonA1: "swift" },
    Vail: { MonA1: "nova" },
    Aspen: { MonA1: "tide" },
    Breck: { MonA1: "reef" },
  },
};
const STORE_KIND: StoreKind = process.env.DATABASE_URL ? "postgres" : "pglite";
/** How long puppets take to join a room they are invited to. */
const JOIN_DELAY_MS = 1_500;
/** A join slow enough that another notification gets through while one waits for it. */
const SLOW_JOIN_DELAY_MS = 5_000;
/** Long enough for a notification that waits (with a bound) for the puppet to join. */
const NOTIFICATION_WAIT_MS = 60_000;

const startRig = useAppServiceRig({
  autoJoinDelayMs: JOIN_DELAY_MS,
  // A bridge whose puppets no default pattern knows, and which never join direct rooms.
  moreAppServices: [{ id: "hackint", userPrefix: "hackint_", autoJoinDelayMs: null }],
});
let store: TestStore | undefined;
let rig: AppServiceRig | undefined;
let ada: MatrixClient | undefined;
let setupError: unknown;

beforeAll(async () => {
  try {
    store = await openTestStore(STORE_KIND);
    await importIntoEvent(store.db, EVENT, SCHEDULE);
    rig = await startRig({ store, databaseUrl: store.url, eventSlug: EVENT });
    ada = await rig.matrixUser("ada", "ada");
  } catch (error) {
    // Rethrown by every test, so that they fail (a throwing beforeAll would skip them).
    setupError = error;
  }
}, 15 * 60_000);

afterAll(async () => {
  await rig?.stop();
  await store?.close();
}, 60_000);

function world(): { rig: AppServiceRig; ada: MatrixClient } {
  if (rig === undefined || ada === undefined) {
    throw setupError instanceof Error ? setupError : new Error("The rig did not start");
  }
  return { rig, ada };
}

const bodyText = (event: AppServiceEvent): string =>
  typeof event.content.body === "string" ? event.content.body : "";

/** `puppet` says `command` in the event room and waits for the bot's answer to it. */
async function sayInRoom(puppet: Puppet, command: string): Promise<string> {
  const { rig } = world();
  const before = new Set(puppet.seen(rig.roomId));
  await puppet.sendText(rig.roomId, command);
  const answer = await puppet.waitToSee(
    (e) =>
      e.room_id === rig.roomId &&
      e.sender === rig.botId &&
      !before.has(e) &&
      bodyText(e).startsWith(`${puppet.nick}: `),
    20_000,
    `the bot's answer to ${command}`,
  );
  return bodyText(answer);
}

/** The first notification `puppet` is shown about `track`, wherever it is. */
function notificationAbout(puppet: Puppet, track: string): Promise<AppServiceEvent> {
  const { rig } = world();
  return puppet.waitToSee(
    (e) =>
      e.type === "m.room.message" &&
      e.sender === rig.botId &&
      bodyText(e).includes(`now in #${track}`),
    NOTIFICATION_WAIT_MS,
    `the notification about #${track}`,
  );
}

/** Where a notification was shown: a direct room the puppet joined, or the event room. */
function expectDelivered(event: AppServiceEvent, puppet: Puppet, text: string): void {
  const { rig } = world();
  if (event.room_id === rig.roomId) {
    expect(bodyText(event)).toBe(`${puppet.nick}: ${text}`);
  } else {
    expect(bodyText(event)).toBe(text);
    expect(puppet.isJoined(event.room_id)).toBe(true);
  }
}

describe("first contact with an IRC user behind an appservice bridge", () => {
  it("delivers the first notification to a puppet that joins invites after a delay", async () => {
    const { rig, ada } = world();
    rig.appservice.autoJoinDelayMs = JOIN_DELAY_MS;
    const kenji = await rig.puppetInRoom("kenji");
    expect(await sayInRoom(kenji, "+subscribe swift")).toMatch(/^kenji: /);
    await ada.sendText(rig.roomId, "#swift now keynote rehearsal");
    const notification = await notificationAbout(kenji, "swift");
    expectDelivered(notification, kenji, "now in #swift (Ballroom A): keynote rehearsal");
  }, 90_000);

  it("delivers the first notification to a puppet that never joins (heisenbridge-like)", async () => {
    const { rig, ada } = world();
    rig.appservice.autoJoinDelayMs = null;
    try {
      const mio = await rig.puppetInRoom("mio");
      expect(await sayInRoom(mio, "+subscribe nova")).toMatch(/^mio: /);
      await ada.sendText(rig.roomId, "#nova now storage");
      const notification = await notificationAbout(mio, "nova");
      // It never joins a direct room: only the event room can carry it.
      expect(notification.room_id).toBe(rig.roomId);
      expect(bodyText(notification)).toBe("mio: now in #nova (Vail): storage");
    } finally {
      rig.appservice.autoJoinDelayMs = JOIN_DELAY_MS;
    }
  }, 90_000);

  it("reaches a puppet that is in no event room, in a direct room it joined", async () => {
    const { rig, ada } = world();
    rig.appservice.autoJoinDelayMs = JOIN_DELAY_MS;
    const ren = await rig.puppetInRoom("ren");
    expect(await sayInRoom(ren, "+subscribe tide")).toMatch(/^ren: /);
    // Gone from the channel, still subscribed: only a direct room can reach it now.
    await ren.leave(rig.roomId);
    await ada.sendText(rig.roomId, "#tide now ocean data");
    const notification = await notificationAbout(ren, "tide");
    expect(notification.room_id).not.toBe(rig.roomId);
    expect(bodyText(notification)).toBe("now in #tide (Aspen): ocean data");
    expect(ren.isJoined(notification.room_id)).toBe(true);
  }, 90_000);

  it("holds up no other notification while one waits for a puppet to join", async () => {
    const { rig, ada } = world();
    const ava = await rig.puppetInRoom("ava");
    const zed = await rig.puppetInRoom("zed");
    expect(await sayInRoom(ava, "+subscribe reef")).toMatch(/^ava: /);
    expect(await sayInRoom(zed, "+subscribe swift")).toMatch(/^zed: /);
    await ava.leave(rig.roomId);
    rig.appservice.autoJoinDelayMs = SLOW_JOIN_DELAY_MS;
    try {
      // ava's notification must wait for its puppet to join a direct room; zed's, queued after
      // it by a later command, goes to the event room without waiting for that.
      await ada.sendText(rig.roomId, "#reef next slow joiner");
      await ada.sendText(rig.roomId, "#swift next quick one");
      const forZed = await zed.waitToSee(
        (e) =>
          e.sender === rig.botId &&
          bodyText(e).startsWith("zed: next in #swift") &&
          bodyText(e).endsWith(": quick one"),
        20_000,
        "zed's notification",
      );
      const forAva = await ava.waitToSee(
        (e) => e.sender === rig.botId && bodyText(e).includes("slow joiner"),
        NOTIFICATION_WAIT_MS,
        "ava's notification",
      );
      expect(bodyText(forAva)).toMatch(/^next in #reef\b.*: slow joiner$/);
      const dm = forAva.room_id;
      expect(dm).not.toBe(rig.roomId);
      const joined = ava
        .seen(dm)
        .find(
          (e) =>
            e.type === "m.room.member" &&
            e.state_key === ava.userId &&
            e.content.membership === "join",
        );
      if (joined === undefined) throw new Error("ava's join is not among what it was shown");
      expect(forZed.origin_server_ts).toBeLessThan(joined.origin_server_ts);
      expect(forAva.origin_server_ts).toBeGreaterThanOrEqual(joined.origin_server_ts);
      // Shown once.
      expect(ava.seen().filter((e) => bodyText(e).includes("slow joiner"))).toHaveLength(1);
    } finally {
      rig.appservice.autoJoinDelayMs = JOIN_DELAY_MS;
    }
  }, 90_000);

  it("answers a private message sent before the bot joined, exactly once", async () => {
    const { rig, ada } = world();
    expect(bodyOf(await ask(ada, rig.roomId, "+in #swift", rig.botId))).toMatch(/^ada: OK/);
    const yui = await rig.appservice.puppet("yui");
    // As matrix-appservice-irc does for an IRC /msg: a direct room, the bot invited, and the
    // message sent at once, before the bot has joined.
    const dm = await yui.createDirectRoom(rig.botId);
    await yui.waitForJoin(dm);
    await yui.sendText(dm, "seen ada");

    const fromBot = (e: AppServiceEvent): boolean =>
      e.room_id === dm &&
      e.type === "m.room.message" &&
      e.sender === rig.botId &&
      !isStatusMessage(e);
    const answer = await yui.waitToSee(
      (e) => fromBot(e) && bodyText(e).includes("ada"),
      20_000,
      "the bot's answer to seen ada",
    );
    expect(bodyText(answer)).toMatch(/^ada was last seen in #swift at \d{4}-\d\d-\d\d \d\d:\d\d/);

    // Once the bot has answered a later command in the room, nothing more is coming for the first.
    await yui.sendText(dm, "seen zz-first-contact");
    await yui.waitToSee(
      (e) => fromBot(e) && bodyText(e).includes("zz-first-contact"),
      20_000,
      "the bot's answer to the closing seen",
    );
    const answers = yui.seen(dm).filter((e) => fromBot(e) && bodyText(e).includes("ada"));
    expect(answers.map(bodyText)).toEqual([bodyText(answer)]);
  }, 60_000);

  it("recognizes the puppets of a bridge with another template from its MSC2346 bridge info", async () => {
    const { rig, ada } = world();
    const hackint = rig.moreAppServices[0];
    if (hackint === undefined) throw new Error("no second bridge");
    // matrix-appservice-irc with bridgeInfoState on marks the rooms it bridges.
    await rig.organizer.sendState(
      rig.roomId,
      "uk.half-shot.bridge",
      "org.matrix.appservice-irc:/irc.hackint.org/#ptg",
      {
        bridgebot: hackint.botUserId,
        protocol: { id: "irc", displayname: "IRC" },
        network: { id: "irc.hackint.org" },
        channel: { id: "#ptg" },
      },
    );
    const sol = await hackint.puppet("sol");
    await sol.join(rig.roomId);
    await sol.waitForJoin(rig.roomId);
    expect(sol.userId).toMatch(/^@hackint_sol:/);
    expect(await sayInRoom(sol, "+subscribe reef")).toMatch(/^sol: /);
    await ada.sendText(rig.roomId, "#reef now coral data");
    // It never joins a direct room: only the event room can carry it.
    const notification = await notificationAbout(sol, "reef");
    expect(notification.room_id).toBe(rig.roomId);
    expect(bodyText(notification)).toBe("sol: now in #reef (Breck): coral data");
  }, 90_000);
});
