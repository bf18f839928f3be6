// IRC attendees behind an appservice bridge in the style of matrix-appservice-irc (puppets
// `@_oftc_<nick>`, which see only the rooms they have joined), with the bot on the project's
// defaults. The bridge is a TestAppService (test/support/appservice.ts) registered with a real
// Synapse: matrix-appservice-irc itself is not on npm. Fails (does not skip) when Synapse cannot
// start. See also appservice-irc-first-contact.test.ts.
//
// One store kind only: PostgreSQL when DATABASE_URL is set (as in CI), else PGlite. The bot's
// store code is the same on both and test/bot runs on both; this suite is about the bridge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBridgedUser } from "../../bot/bridges/bridged-users.js";
import { MAX_LINE_BYTES, MAX_LINES_PER_MESSAGE, utf8Bytes } from "../../bot/delivery/replies.js";
import { loadConfig } from "../../shared/config.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { ask, bodyOf } from "../bot/support.js";
import type { AppServiceEvent, Puppet } from "../support/appservice.js";
import { isStatusMessage, type MatrixClient } from "../support/matrix-client.js";
import { openTestStore, type StoreKind, type TestStore } from "../support/stores.js";
import { useAppServiceRig, type AppServiceRig } from "./appservice-rig.js";

const EVENT = "asptg";
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "swift" } },
};
const STORE_KIND: StoreKind = process.env.DATABASE_URL ? "postgres" : "pglite";

const startRig = useAppServiceRig();
let store: TestStore | undefined;
let rig: AppServiceRig | undefined;
let kenji: Puppet | undefined;
let ada: MatrixClient | undefined;
let setupError: unknown;

beforeAll(async () => {
  try {
    store = await openTestStore(STORE_KIND);
    await importIntoEvent(store.db, EVENT, SCHEDULE);
    rig = await startRig({ store, databaseUrl: store.url, eventSlug: EVENT });
    kenji = await rig.puppetInRoom("kenji");
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

function world(): { rig: AppServiceRig; kenji: Puppet; ada: MatrixClient } {
  if (rig === undefined || kenji === undefined || ada === undefined) {
    throw setupError instanceof Error ? setupError : new Error("The rig did not start");
  }
  return { rig, kenji, ada };
}

const bodyText = (event: AppServiceEvent): string =>
  typeof event.content.body === "string" ? event.content.body : "";

let markers = 0;

/**
 * What the bot said to `puppet` in `roomId` in answer to `commands`, sent one after the other:
 * every bot message the puppet is shown from the first command on, up to the answer to a
 * closing `+seen <marker>` (not included). The bot answers a room's commands in order.
 */
async function answersTo(puppet: Puppet, roomId: string, commands: string[]): Promise<string[]> {
  const { rig } = world();
  const before = puppet.seen(roomId).length;
  const marker = `zz-marker-${String(++markers)}`;
  for (const command of commands) await puppet.sendText(roomId, command);
  await puppet.sendText(roomId, `+seen ${marker}`);
  const closing = await puppet.waitToSee(
    (e) => e.room_id === roomId && e.sender === rig.botId && bodyText(e).includes(marker),
    20_000,
    `the bot's answer to +seen ${marker}`,
  );
  const shown = puppet.seen(roomId);
  return shown
    .slice(before, shown.indexOf(closing))
    .filter((e) => e.type === "m.room.message" && e.sender === rig.botId && !isStatusMessage(e))
    .map(bodyText);
}

describe("IRC attendees through an appservice bridge (matrix-appservice-irc style)", () => {
  it("answers the puppet's +in, +seen and now once each, addressed to its nick", async () => {
    const { rig, kenji, ada } = world();
    expect(bodyOf(await ask(ada, rig.roomId, "+in #swift", rig.botId))).toMatch(/^ada: OK/);

    const answers = await answersTo(kenji, rig.roomId, [
      "+in #nova",
      "+seen ada",
      "#nova now object storage",
    ]);
    expect(answers).toEqual([
      "kenji: OK, checked into #nova - thanks for the update!",
      expect.stringMatching(/^kenji: ada was last seen in #swift at \d{4}-\d\d-\d\d \d\d:\d\d/),
      "kenji: #nova now was set, but #nova does not appear to have a room scheduled today",
    ]);
    // And the other way round: a Matrix user finds the IRC user under its nick.
    const reply = await ask(ada, rig.roomId, "+seen kenji", rig.botId);
    expect(bodyOf(reply)).toMatch(/^ada: kenji was last seen in #nova at /);
  });

  it("recognizes the bridge's puppets as bridged users without configuration", async () => {
    const { rig, kenji, ada } = world();
    const defaults = loadConfig({}).bridgedUsers;
    expect(isBridgedUser(kenji.userId, defaults)).toBe(true);
    expect(isBridgedUser(ada.userId, defaults)).toBe(false);

    // So its notification is not posted into a room it cannot see yet: it reaches the puppet,
    // in the event room addressed to it or in a direct room it has joined.
    expect(await answersTo(kenji, rig.roomId, ["+subscribe swift"])).toEqual([
      expect.stringMatching(/^kenji: /),
    ]);
    await ada.sendText(rig.roomId, "#swift now keynote rehearsal");
    const notification = await kenji.waitToSee(
      (e) => e.sender === rig.botId && bodyText(e).includes("now in #swift"),
      20_000,
      "the notification",
    );
    if (notification.room_id === rig.roomId) {
      expect(bodyText(notification)).toBe("kenji: now in #swift (Ballroom A): keynote rehearsal");
    } else {
      expect(bodyText(notification)).toBe("now in #swift (Ballroom A): keynote rehearsal");
    }
    expect(await answersTo(kenji, rig.roomId, ["+unsubscribe"])).toHaveLength(1);
  });

  it("sizes a long non-ASCII reply in bytes: no line over 400 bytes, no message over 3 lines", async () => {
    const { rig, kenji, ada } = world();
    // Replies quote at most 64 characters of what one typed, so the long text here is what the
    // bot says of a stored topic: the notification addressed to the puppet in the event room.
    const topic = "会議室の予定表と東京".repeat(48); // 480 CJK characters, 1,440 bytes
    expect(await answersTo(kenji, rig.roomId, ["+subscribe swift"])).toHaveLength(1);
    const before = kenji.seen(rig.roomId).length;
    await ada.sendText(rig.roomId, `#swift now ${topic}`);
    const marker = "zz-marker-cjk";
    await kenji.sendText(rig.roomId, `+seen ${marker}`);
    const closing = await kenji.waitToSee(
      (e) => e.room_id === rig.roomId && e.sender === rig.botId && bodyText(e).includes(marker),
      20_000,
      "the bot's answer to the marker",
    );
    const shown = kenji.seen(rig.roomId);
    const answers = shown
      .slice(before, shown.indexOf(closing))
      .filter((e) => e.type === "m.room.message" && e.sender === rig.botId && !isStatusMessage(e))
      .map(bodyText)
      .filter((body) => body.startsWith("kenji: "));
    expect(answers.length).toBeGreaterThan(1);
    for (const body of answers) {
      const lines = body.split("\n");
      expect(lines.length).toBeLessThanOrEqual(MAX_LINES_PER_MESSAGE);
      for (const line of lines) expect(utf8Bytes(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    }
    // Nothing lost: the same text, but for the spaces where lines were broken.
    const text = answers.map((body) => body.replace(/^kenji: /, "")).join("");
    const expected = `now in #swift (Ballroom A): ${topic}`;
    expect(text.replace(/\s/g, "")).toBe(expected.replace(/\s/g, ""));
    expect(await answersTo(kenji, rig.roomId, ["+unsubscribe"])).toHaveLength(1);
  });

  it("answers a private message once the bot has joined the direct room", async () => {
    const { rig, ada } = world();
    expect(bodyOf(await ask(ada, rig.roomId, "+in #swift", rig.botId))).toMatch(/^ada: OK/);
    const hana = await rig.appservice.puppet("hana");
    // An IRC /msg to the bot: the bridge opens a direct room and invites the bot.
    const dm = await hana.createDirectRoom(rig.botId);
    await hana.waitToSee(
      (e) => e.room_id === dm && e.state_key === rig.botId && e.content.membership === "join",
      20_000,
      "the bot's join",
    );
    const answers = await answersTo(hana, dm, ["seen ada"]);
    // Not addressed: a direct chat.
    expect(answers).toEqual([
      expect.stringMatching(/^ada was last seen in #swift at \d{4}-\d\d-\d\d \d\d:\d\d/),
    ]);
  });
});
