// The Matrix bot end to end: a real Synapse, the bot started with startBot on a fresh test store
// (PGlite, and PostgreSQL when DATABASE_URL is set), and plain Matrix clients as the moderator
// and attendees. Fails (does not skip) when Synapse cannot start.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { widgetId } from "../../bot/delivery/widget.js";
import { STORE_UNAVAILABLE } from "../../shared/operations/execute.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { loadEventState } from "../../shared/store/event-state.js";
import {
  isStatusMessage,
  MatrixClient,
  type RoomEvent,
  type RoomMessageEvent,
} from "../support/matrix-client.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";
import type { SynapseHandle } from "../support/synapse.js";
import { useSynapse } from "../support/use-synapse.js";
import { ask, bodyOf, flakyStore, recordingLog, testConfig, waitForJoin } from "./support.js";

const EVENT = "e2eptg";
/** How long a bridged user's notification waits for them to join a direct room. */
const JOIN_BOUND_MS = 4_000;
const SCHEDULE = {
  tracks: ["swift", "nova", "restart"],
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

const synapse = useSynapse();
let setupError: unknown;

interface People {
  mod: MatrixClient;
  ann: MatrixClient;
  bob: MatrixClient;
  jane: MatrixClient;
  kim: MatrixClient;
}
let people: People | undefined;

beforeAll(async () => {
  try {
    const hs = synapse();
    const client = async (localpart: string, displayName: string): Promise<MatrixClient> => {
      const user = await hs.registerUser(localpart, { displayName });
      return new MatrixClient(hs.baseUrl, user.accessToken, user.userId);
    };
    people = {
      mod: await client("mod", "Moderator"),
      ann: await client("ann", "ann"),
      bob: await client("bob", "bob"),
      // Registered the way an IRC bridge registers its puppets: the display name is the nick.
      jane: await client("irc_jane", "jane"),
      // A bridged user who cannot receive direct messages (PTG_BRIDGED_USERS: ^@irc_).
      kim: await client("irc_kim", "kim"),
    };
  } catch (error) {
    // Rethrown by every test, so that they fail (a throwing beforeAll would skip them).
    setupError = error;
  }
}, 60_000);

function server(): { hs: SynapseHandle; who: People } {
  const hs = synapse();
  if (people === undefined) {
    throw setupError instanceof Error
      ? setupError
      : new Error("the test users were not registered");
  }
  return { hs, who: people };
}

const isBotMessage = (botId: string) => (e: RoomEvent) =>
  e.type === "m.room.message" && e.sender === botId && !isStatusMessage(e);

describe.each(storeKinds())("the Matrix bot on %s", (kind) => {
  let store: TestStore | undefined;
  let flaky: ReturnType<typeof flakyStore>;
  let bot: RunningBot | undefined;
  let botId = "";
  let botToken = "";
  let room = "";
  let bobDm = "";
  const log = recordingLog();

  const start = (timelineLimit?: number): Promise<RunningBot> => {
    const { hs } = server();
    return startBot({
      store: flaky.store,
      config: testConfig(hs.baseUrl, botToken, EVENT, store?.url ?? null),
      log,
      syncTimeoutMs: 3_000,
      lockRetryMs: 200,
      directJoinBoundMs: JOIN_BOUND_MS,
      ...(timelineLimit === undefined ? {} : { timelineLimit }),
    });
  };

  const db = () => {
    if (store === undefined) throw new Error("no store");
    return store.db;
  };
  const state = async () => {
    const s = await loadEventState(db(), EVENT);
    if (s === undefined) throw new Error(`event ${EVENT} is missing`);
    return s;
  };
  const track = async (name: string) => {
    const t = (await state()).tracks.find((x) => x.name === name);
    if (t === undefined) throw new Error(`track ${name} is missing`);
    return t;
  };

  beforeAll(async () => {
    if (people === undefined) return; // the tests report it
    const { hs, who } = server();
    store = await openTestStore(kind);
    flaky = flakyStore(store);
    await importIntoEvent(store.db, EVENT, SCHEDULE);
    const account = await hs.registerUser(`ptgbot_${kind}`, { displayName: "ptgbot" });
    botId = account.userId;
    botToken = account.accessToken;
    bot = await start();

    room = await who.mod.createRoom({ name: `PTG ${kind}`, preset: "public_chat" });
    await who.mod.invite(room, botId);
    await waitForJoin(who.mod, room, botId);
    for (const person of [who.ann, who.bob, who.jane]) await person.join(room);
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await store?.close();
  }, 30_000);

  it("binds the room it joins to the default event and answers #help", async () => {
    const { who } = server();
    const bound = await db()
      .selectFrom("event_rooms")
      .innerJoin("events", "events.id", "event_rooms.event_id")
      .select("events.slug")
      .where("chat_room_id", "=", room)
      .executeTakeFirst();
    expect(bound?.slug).toBe(EVENT);

    const reply = await ask(who.ann, room, "#help", botId);
    expect(bodyOf(reply).startsWith("ann: ")).toBe(true);
    expect(bodyOf(reply)).toContain("https://ptg.example.org/help");
    expect(reply.content).toMatchObject({
      msgtype: "m.notice",
      format: "org.matrix.custom.html",
      "m.mentions": { user_ids: [who.ann.userId] },
    });
    expect(reply.content.formatted_body).toMatch(
      new RegExp(`^<a href="https://matrix.to/#/${who.ann.userId}">ann</a>: `),
    );
  });

  it("runs track commands and stores what they set", async () => {
    const { who } = server();
    // swift has a room in the schedule: now and next succeed silently. nova has none: a warning.
    await who.mod.sendText(room, "#swift now object storage deep dive");
    await who.mod.sendText(room, "#swift next erasure codes");
    let reply = await ask(who.mod, room, "#nova next placement", botId);
    expect(bodyOf(reply)).toBe(
      "Moderator: #nova next was set, but #nova does not appear to have a room scheduled today",
    );
    expect(await track("swift")).toMatchObject({
      now: { topic: "object storage deep dive" },
      next: ["erasure codes"],
      location: "Ballroom A",
    });
    expect((await track("nova")).next).toEqual(["placement"]);

    reply = await ask(who.mod, room, "#swift color #FF8800", botId);
    expect(bodyOf(reply)).toBe("Moderator: Colour of #swift is now #ff8800");
    reply = await ask(who.mod, room, "#swift location Ballroom A, by the window", botId);
    expect(bodyOf(reply)).toBe("Moderator: #swift is now meeting in Ballroom A, by the window");
    reply = await ask(who.mod, room, "#swift url https://meet.example.org/swift", botId);
    expect(bodyOf(reply)).toMatch(/^Moderator: .*https:\/\/meet\.example\.org\/swift/);
    reply = await ask(who.mod, room, "#swift color javascript:alert(1)", botId);
    expect(bodyOf(reply)).toMatch(/^Moderator: /);
    expect(await track("swift")).toMatchObject({
      color: "#ff8800",
      location: "Ballroom A, by the window",
      url: "https://meet.example.org/swift",
    });

    reply = await ask(who.mod, room, "#nova book Vail-MonA2", botId);
    expect(bodyOf(reply)).toBe("Moderator: Room Vail is now booked on MonA2 for nova");
    expect((await state()).rooms.find((r) => r.name === "Vail")?.bookings.MonA2).toBe("nova");
    reply = await ask(who.mod, room, "#nova unbook Vail-MonA2", botId);
    expect(bodyOf(reply)).toBe(
      "Moderator: Room Vail (previously booked for nova) is now free on MonA2",
    );

    reply = await ask(who.ann, room, "#svift now typo", botId);
    expect(bodyOf(reply)).toBe("ann: Unknown track 'svift'");
    reply = await ask(who.mod, room, "#swift clean", botId);
    expect(bodyOf(reply)).toBe("Moderator: Cleaned now and next for #swift");
    reply = await ask(who.mod, room, "~clean nova", botId);
    expect(bodyOf(reply)).toBe("Moderator: Cleaned now and next for: nova");
    reply = await ask(who.mod, room, "#swift", botId);
    expect(bodyOf(reply)).toBe("Moderator: Missing track command (#swift [now|next|clean...] ...)");
    expect(await track("swift")).toMatchObject({ now: null, next: [] });
    expect(await track("nova")).toMatchObject({ now: null, next: [] });
  });

  it("runs user and admin commands, and refuses admin commands below op", async () => {
    const { who } = server();
    let reply = await ask(who.ann, room, "+in #nova", botId);
    expect(bodyOf(reply)).toBe("ann: OK, checked into #nova - thanks for the update!");
    expect((await track("nova")).checkedIn.map((p) => p.nick)).toEqual(["ann"]);
    reply = await ask(who.ann, room, "#out", botId);
    expect(bodyOf(reply)).toBe("ann: OK, checked out of #nova - thanks for the update!");

    reply = await ask(who.mod, room, "~motd add info Welcome to the PTG", botId);
    expect(bodyOf(reply)).toBe("Moderator: Added banner 1 (info): Welcome to the PTG");
    expect((await state()).banners).toEqual([{ level: "info", message: "Welcome to the PTG" }]);
    reply = await ask(who.mod, room, "~list", botId);
    expect(bodyOf(reply)).toBe("Moderator: Available tracks: nova restart swift");

    reply = await ask(who.ann, room, "~add sneaky", botId);
    expect(bodyOf(reply)).toBe("ann: Need op for admin commands");
    expect((await state()).tracks.map((t) => t.name)).not.toContain("sneaky");
  });

  it("checks in a user bridged from IRC by their nick, and finds them with seen", async () => {
    const { who } = server();
    let reply = await ask(who.jane, room, "+in #swift", botId);
    expect(bodyOf(reply)).toBe("jane: OK, checked into #swift - thanks for the update!");
    expect(reply.content["m.mentions"]).toEqual({ user_ids: [who.jane.userId] });
    reply = await ask(who.bob, room, "+seen jane", botId);
    expect(bodyOf(reply)).toMatch(/^bob: jane was last seen in #swift at \d{4}-\d\d-\d\d /);
  });

  it("requires voice after ~requirevoice, and follows power level changes", async () => {
    const { who } = server();
    await ask(who.mod, room, "~requirevoice", botId);
    let reply = await ask(who.ann, room, "#nova now voice check", botId);
    expect(bodyOf(reply)).toBe("ann: Need voice to issue commands");
    expect((await track("nova")).now).toBeNull();

    await who.mod.setPowerLevel(room, who.ann.userId, 1);
    reply = await ask(who.ann, room, "#nova now voice check", botId);
    expect(bodyOf(reply)).toContain("#nova now was set");
    expect((await track("nova")).now?.topic).toBe("voice check");
    await ask(who.mod, room, "~alloweveryone", botId);
    expect((await state()).voiceRequired).toBe(false);
  });

  it("ignores notices, emotes and edits that look like commands", async () => {
    const { who } = server();
    const original = await who.mod.sendText(room, "a typo");
    await who.mod.syncToNow();
    await who.mod.sendMessage(room, { msgtype: "m.notice", body: "~add fromnotice" });
    await who.mod.sendMessage(room, { msgtype: "m.emote", body: "~add fromemote" });
    await who.mod.sendMessage(room, {
      msgtype: "m.text",
      body: "* ~add fromedit",
      "m.new_content": { msgtype: "m.text", body: "~add fromedit" },
      "m.relates_to": { rel_type: "m.replace", event_id: original },
    });
    await who.mod.sendText(room, "hey bot, wazzup");
    await who.mod.sendText(room, "~list");
    // The bot's next message is the answer to ~list: nothing before it was taken as a command.
    const reply = await who.mod.waitForMessage(room, (e) => e.sender === botId);
    expect(bodyOf(reply)).toBe("Moderator: Available tracks: nova restart swift");
  });

  it("does not apply messages sent before it joined a room", async () => {
    const { who } = server();
    const late = await who.mod.createRoom({ name: `Late ${kind}`, preset: "public_chat" });
    await who.mod.sendText(late, "~add early");
    await who.mod.sendText(late, "#swift now before the bot came");
    await who.mod.invite(late, botId);
    await waitForJoin(who.mod, late, botId);
    const reply = await ask(who.mod, late, "~list", botId);
    expect(bodyOf(reply)).toBe("Moderator: Available tracks: nova restart swift");
    expect((await track("swift")).now).toBeNull();
  });

  it("answers user commands in a direct chat and refuses the others there", async () => {
    const { who } = server();
    const dm = await who.ann.createRoom({
      preset: "trusted_private_chat",
      isDirect: true,
      invite: [botId],
    });
    await waitForJoin(who.ann, dm, botId);

    let reply = await ask(who.ann, dm, "in #swift", botId);
    expect(bodyOf(reply)).toBe("OK, checked into #swift - thanks for the update!");
    expect(reply.content.msgtype).toBe("m.notice");
    expect((await track("swift")).checkedIn.map((p) => p.nick)).toContain("ann");
    reply = await ask(who.ann, dm, "seen jane", botId);
    expect(bodyOf(reply)).toMatch(/^jane was last seen in #swift at /);
    reply = await ask(who.ann, dm, "#swift now from a DM", botId);
    expect(bodyOf(reply)).toBe("Unknown user command. Should be: in, out, seen, or subscribe");
    reply = await ask(who.ann, dm, "~add fromdm", botId);
    expect(bodyOf(reply)).toBe("Unknown user command. Should be: in, out, seen, or subscribe");
    expect((await track("swift")).now).toBeNull();
    expect((await state()).tracks.map((t) => t.name)).not.toContain("fromdm");
  });

  it("runs each line of a multi-line message as its own command, in order, with its reply", async () => {
    const { who } = server();
    const send = async (client: MatrixClient, roomId: string, body: string) => {
      await client.syncToNow();
      const eventId = await client.sendText(roomId, body);
      return { eventId, next: () => client.waitForMessage(roomId, isBotMessage(botId)) };
    };
    const noRoomToday = "does not appear to have a room scheduled today";
    // What an IRC bridge makes of lines pasted together; chatter and blank lines are skipped.
    const pasted = await send(
      who.mod,
      room,
      "#nova next pasted one\nhey all, pasting\n\n#nova now pasted two\n+seen nobody-pasted",
    );
    expect(bodyOf(await pasted.next())).toBe(
      `Moderator: #nova next was set, but #nova ${noRoomToday}`,
    );
    expect(bodyOf(await pasted.next())).toBe(
      `Moderator: #nova now was set, but #nova ${noRoomToday}`,
    );
    expect(bodyOf(await pasted.next())).toBe("Moderator: nobody-pasted never checked in anywhere");
    // In order: `now` cleared the `next` set by the line before it.
    expect(await track("nova")).toMatchObject({ now: { topic: "pasted two" }, next: [] });
    // Marked delivered once sent (the bot marks a row right after the homeserver took it).
    await vi.waitFor(async () => {
      const logged = await db()
        .selectFrom("command_log")
        .select(["message_id", "text", "delivered"])
        .where("message_id", "like", `${pasted.eventId}%`)
        .orderBy("id")
        .execute();
      expect(logged).toEqual([
        { message_id: pasted.eventId, text: "#nova next pasted one", delivered: true },
        { message_id: `${pasted.eventId}#2`, text: "#nova now pasted two", delivered: true },
        { message_id: `${pasted.eventId}#3`, text: "+seen nobody-pasted", delivered: true },
      ]);
    });

    // The same in a direct chat, where every line is a user command.
    const dm = await who.ann.createRoom({
      preset: "trusted_private_chat",
      isDirect: true,
      invite: [botId],
    });
    await waitForJoin(who.ann, dm, botId);
    const inDm = await send(who.ann, dm, "seen jane\nout\n");
    expect(bodyOf(await inDm.next())).toMatch(/^jane was last seen in #swift at /);
    expect(bodyOf(await inDm.next())).toBe("OK, checked out of #swift - thanks for the update!");

    // No topic the bot stored holds a line break.
    const topics = [
      ...(await db().selectFrom("now_topics").select("topic").execute()),
      ...(await db().selectFrom("next_topics").select("topic").execute()),
    ].map((t) => t.topic);
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.filter((t) => /[\r\n]/.test(t))).toEqual([]);
  });

  it("delivers subscription notifications in a direct chat, and reuses it", async () => {
    const { who } = server();
    const reply = await ask(who.bob, room, "+subscribe swift", botId);
    expect(bodyOf(reply)).toBe("bob: Subscription set to swift");

    await who.mod.sendText(room, "#swift now keynote rehearsal");
    const dm = await who.bob.waitForInvite();
    bobDm = dm;
    await who.bob.join(dm);
    const first = await who.bob.waitForMessage(dm, (e) => e.sender === botId);
    expect(bodyOf(first)).toBe("now in #swift (Ballroom A, by the window): keynote rehearsal");
    const invited = await who.bob.getState<{ is_direct?: boolean; membership: string }>(
      dm,
      "m.room.member",
      who.bob.userId,
    );
    expect(invited.membership).toBe("join");

    await who.mod.sendText(room, "#swift next lunch");
    const second = await who.bob.waitForMessage(dm, (e) => e.sender === botId);
    expect(bodyOf(second)).toBe("next in #swift (Ballroom A, by the window): lunch");
  });

  it("posts a bridged user's notifications in an event room they are in, addressed to them", async () => {
    const { hs, who } = server();
    const kim = who.kim.userId;
    await who.kim.join(room);
    const reply = await ask(who.kim, room, "+subscribe swift", botId);
    expect(bodyOf(reply)).toBe("kim: Subscription set to swift");
    const toKim = (e: RoomMessageEvent) => e.sender === botId && bodyOf(e).startsWith("kim: ");
    const where = "#swift (Ballroom A, by the window)";

    // A command in a room where kim is: the notification is posted there, like a reply to kim,
    // while bob, a Matrix user, still gets his in his direct chat.
    await who.bob.syncToNow();
    await who.kim.syncToNow();
    await who.mod.sendText(room, "#swift now bridged keynote");
    const posted = await who.kim.waitForMessage(room, toKim);
    expect(bodyOf(posted)).toBe(`kim: now in ${where}: bridged keynote`);
    expect(posted.content).toMatchObject({
      msgtype: "m.notice",
      format: "org.matrix.custom.html",
      formatted_body: `<a href="https://matrix.to/#/${kim}">kim</a>: now in ${where}: bridged keynote`,
      "m.mentions": { user_ids: [kim] },
    });
    const dmed = await who.bob.waitForMessage(bobDm, isBotMessage(botId));
    expect(bodyOf(dmed)).toBe(`now in ${where}: bridged keynote`);

    // A command in another room of the event, where kim is not: posted where kim is.
    const second = await who.mod.createRoom({ name: `Second ${kind}`, preset: "public_chat" });
    await who.mod.invite(second, botId);
    await waitForJoin(who.mod, second, botId);
    await ask(who.mod, second, "~list", botId); // bound to the event, and read
    await who.mod.sendText(second, "#swift next from elsewhere");
    expect(bodyOf(await who.kim.waitForMessage(room, toKim))).toBe(
      `kim: next in ${where}: from elsewhere`,
    );
    // Once kim is there too, that room is preferred.
    await who.kim.join(second);
    await who.mod.sendText(second, "#swift next from the second room");
    expect(bodyOf(await who.kim.waitForMessage(second, toKim))).toBe(
      `kim: next in ${where}: from the second room`,
    );
    await who.mod.sendText(room, "#swift next from the first room");
    expect(bodyOf(await who.kim.waitForMessage(room, toKim))).toBe(
      `kim: next in ${where}: from the first room`,
    );

    // In no room of the event: a direct room is opened, and the notification waits for kim to
    // join it, up to the bound; kim does not join, so nothing is posted and the operator is told.
    await who.kim.leave(second);
    await who.kim.leave(room);
    const invitedAt = Date.now();
    await who.mod.sendText(room, "#swift next nobody hears");
    const dm = await who.kim.waitForInvite();
    const warning = `warn: Could not notify ${kim}: a bridged user in no room of event ${EVENT}`;
    const warnings = () => log.lines.filter((l) => l.startsWith(warning));
    await vi.waitFor(
      () => {
        expect(warnings()).toHaveLength(1);
      },
      { timeout: JOIN_BOUND_MS + 15_000, interval: 100 },
    );
    expect(Date.now() - invitedAt).toBeGreaterThanOrEqual(JOIN_BOUND_MS - 1_000);
    // The invite stays unanswered: the next notification gives up at once, in the same room.
    await who.mod.sendText(room, "#swift next still nobody");
    await vi.waitFor(
      () => {
        expect(warnings()).toHaveLength(2);
      },
      { timeout: 15_000, interval: 100 },
    );
    // Once kim has joined the direct room, notifications are posted there.
    await who.kim.join(dm);
    await who.mod.sendText(room, "#swift next in private");
    const dmed2 = await who.kim.waitForMessage(dm, isBotMessage(botId));
    expect(bodyOf(dmed2)).toBe(`next in ${where}: in private`);
    expect(warnings()).toHaveLength(2);
    const direct = await new MatrixClient(hs.baseUrl, botToken, botId).request<
      Record<string, string[]>
    >("GET", `/user/${encodeURIComponent(botId)}/account_data/m.direct`);
    expect(direct[kim]).toEqual([dm]);

    // A notification waiting for kim's join is still delivered after a restart, once.
    await who.kim.leave(dm); // the bot leaves and forgets that room too
    const botAccount = new MatrixClient(hs.baseUrl, botToken, botId);
    await vi.waitFor(
      async () => {
        const list = await botAccount.request<Record<string, string[]>>(
          "GET",
          `/user/${encodeURIComponent(botId)}/account_data/m.direct`,
        );
        expect(list[kim]).toBeUndefined();
      },
      { timeout: 15_000, interval: 200 },
    );
    await who.mod.sendText(room, "#swift next across a restart");
    const dm2 = await who.kim.waitForInvite();
    await vi.waitFor(
      () => {
        expect(log.lines).toContain(
          `info: Waiting for ${kim} to join ${dm2} before notifying them`,
        );
      },
      { timeout: 15_000, interval: 100 },
    );
    await bot?.stop();
    await who.kim.join(dm2);
    bot = await start();
    const resumed = await who.kim.waitForMessage(dm2, isBotMessage(botId));
    expect(bodyOf(resumed)).toBe(`next in ${where}: across a restart`);
    await who.mod.sendText(room, "#swift next closing");
    await who.kim.waitForMessage(
      dm2,
      (e) => isBotMessage(botId)(e) && bodyOf(e).endsWith("closing"),
    );
    const history = await who.kim.request<{ chunk: RoomEvent[] }>(
      "GET",
      `/rooms/${encodeURIComponent(dm2)}/messages?dir=b&limit=50`,
    );
    const bodies = history.chunk
      .filter(isBotMessage(botId))
      .map((e) => (typeof e.content.body === "string" ? e.content.body : ""));
    expect(bodies.filter((b) => b.endsWith("across a restart"))).toHaveLength(1);
    await who.kim.leave(dm2);
  });

  it("installs the widget idempotently, and says which power level it needs", async () => {
    const { who } = server();
    let reply = await ask(who.mod, room, "~widget", botId);
    expect(bodyOf(reply)).toBe(
      "Moderator: I need power level 50 in this room to install the widget (I have 0)",
    );

    await who.mod.setPowerLevel(room, botId, 50);
    reply = await ask(who.mod, room, "~widget", botId);
    expect(bodyOf(reply)).toBe(`Moderator: Installed the ${EVENT} widget at the top of this room`);
    const id = widgetId(EVENT);
    const widget = await who.mod.request<RoomEvent>(
      "GET",
      `/rooms/${encodeURIComponent(room)}/state/im.vector.modular.widgets/${id}?format=event`,
    );
    expect(widget.content).toEqual({
      type: "m.custom",
      url:
        `https://ptg.example.org/widget/?event=${EVENT}&matrix_room_id=$matrix_room_id` +
        "&widgetId=$matrix_widget_id&theme=$org.matrix.msc2873.client_theme" +
        "&language=$org.matrix.msc2873.client_language",
      name: EVENT,
      data: {},
      id,
    });
    const layout = await who.mod.request<RoomEvent>(
      "GET",
      `/rooms/${encodeURIComponent(room)}/state/io.element.widgets.layout/?format=event`,
    );
    expect(layout.content).toEqual({
      widgets: { [id]: { container: "top", index: 0, width: 100, height: 40 } },
    });

    reply = await ask(who.mod, room, "~widget", botId);
    expect(bodyOf(reply)).toBe(`Moderator: The ${EVENT} widget is already installed in this room`);
    const widgetAgain = await who.mod.request<RoomEvent>(
      "GET",
      `/rooms/${encodeURIComponent(room)}/state/im.vector.modular.widgets/${id}?format=event`,
    );
    const layoutAgain = await who.mod.request<RoomEvent>(
      "GET",
      `/rooms/${encodeURIComponent(room)}/state/io.element.widgets.layout/?format=event`,
    );
    expect(widgetAgain.event_id).toBe(widget.event_id);
    expect(layoutAgain.event_id).toBe(layout.event_id);
  });

  it("answers a long ~add and ~list with one short message each", async () => {
    const { who } = server();
    const names = Array.from({ length: 150 }, (_, i) => `longtrack-${String(i).padStart(3, "0")}`);
    const last = "Removed tracks: ";
    const added = await collectBotMessages(
      who.mod,
      room,
      `~add ${names.join(" ")}`,
      botId,
      "Added",
    );
    expect(bodyOf(added.at(-1) ?? never())).toMatch(
      /^Moderator: Added tracks: longtrack-000 longtrack-001 .* … and \d+ more$/,
    );
    const listed = await collectBotMessages(who.mod, room, "~list", botId, "Available");
    const pages = /page 1 of (\d+)/.exec(bodyOf(listed.at(-1) ?? never()))?.[1];
    expect(Number(pages)).toBeGreaterThan(1);
    expect([added.length, listed.length]).toEqual([1, 1]);
    for (const message of [...added, ...listed]) {
      const lines = bodyOf(message).split("\n");
      expect(lines.length).toBeLessThanOrEqual(3);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(400);
    }
    await collectBotMessages(who.mod, room, `~del ${names.join(" ")}`, botId, last);
  });

  /** Is `event` a Matrix reply to `eventId`? */
  const repliesTo = (event: RoomMessageEvent, eventId: string): boolean =>
    JSON.stringify(event.content["m.relates_to"]) ===
    JSON.stringify({ "m.in_reply_to": { event_id: eventId } });

  it("replies to each command as a Matrix reply to it; an apology names its line", async () => {
    const { who } = server();
    await who.bob.syncToNow();
    const asked = await who.bob.sendText(bobDm, "+in #nova");
    const reply = await who.bob.waitForMessage(bobDm, (e) => e.sender === botId);
    expect(reply.content["m.relates_to"]).toEqual({ "m.in_reply_to": { event_id: asked } });
    expect(bodyOf(reply)).toBe("OK, checked into #nova - thanks for the update!");

    const long = `+in #nova ${"x".repeat(80)}`;
    flaky.setDown(true);
    let apology: Awaited<ReturnType<typeof ask>>;
    let failed: string;
    try {
      await who.bob.syncToNow();
      failed = await who.bob.sendText(bobDm, long);
      apology = await who.bob.waitForMessage(bobDm, (e) => e.sender === botId);
    } finally {
      flaky.setDown(false);
    }
    expect(apology.content["m.relates_to"]).toEqual({ "m.in_reply_to": { event_id: failed } });
    expect(bodyOf(apology)).toBe(`${STORE_UNAVAILABLE} (Your line: "${long.slice(0, 64)}…")`);
    // The failed batch may be read again; the reply to a later line comes after what that says.
    const marker = await who.bob.sendText(bobDm, "+out");
    const answer = await who.bob.waitForMessage(
      bobDm,
      (e) => e.sender === botId && repliesTo(e, marker),
    );
    expect(bodyOf(answer)).toBe("OK, checked out of #nova - thanks for the update!");

    // In a room with IRC users, the nick: prefix alone says it (an IRC bridge would double it).
    const inRoom = await ask(who.bob, room, "+seen nobody-here", botId);
    expect(bodyOf(inRoom).startsWith("bob: ")).toBe(true);
    expect(inRoom.content["m.relates_to"]).toBeUndefined();
  });

  it("tells the sender when the store is unreachable, and keeps running", async () => {
    const { who } = server();
    flaky.setDown(true);
    let reply: Awaited<ReturnType<typeof ask>>;
    try {
      reply = await ask(who.bob, room, "+in #nova", botId);
    } finally {
      flaky.setDown(false);
    }
    expect(bodyOf(reply)).toBe(`bob: ${STORE_UNAVAILABLE} (Your line: "+in #nova")`);
    expect((await track("nova")).checkedIn.map((p) => p.nick)).not.toContain("bob");
    reply = await ask(who.bob, room, "+in #nova", botId);
    expect(bodyOf(reply)).toBe("bob: OK, checked into #nova - thanks for the update!");
  });

  it("applies, once and in order, the commands sent while it was stopped", async () => {
    const { who } = server();
    await bot?.stop();
    bot = undefined;
    await who.mod.syncToNow();
    const sent: string[] = [];
    for (const topic of ["alpha", "beta", "gamma"]) {
      sent.push(await who.mod.sendText(room, `#restart next ${topic}`));
      // Chatter, so that the restarted bot (timeline limit 2) must fetch the gap.
      await who.ann.sendText(room, `chatter after ${topic}`);
    }
    bot = await start(2);
    for (let i = 0; i < sent.length; i++) {
      const reply = await who.mod.waitForMessage(room, isBotMessage(botId));
      expect(bodyOf(reply)).toBe(
        "Moderator: #restart next was set, but #restart does not appear to have a room scheduled today",
      );
    }
    expect((await track("restart")).next).toEqual(["alpha", "beta", "gamma"]);
    await vi.waitFor(async () => {
      const logged = await db()
        .selectFrom("command_log")
        .select(["message_id", "delivered"])
        .where("message_id", "in", sent)
        .orderBy("id")
        .execute();
      expect(logged).toEqual(sent.map((id) => ({ message_id: id, delivered: true })));
    });

    // A second restart reads nothing twice.
    await bot.stop();
    bot = await start();
    const reply = await ask(who.mod, room, "~list", botId);
    expect(bodyOf(reply)).toBe("Moderator: Available tracks: nova restart swift");
    expect((await track("restart")).next).toEqual(["alpha", "beta", "gamma"]);
  });

  // PostgreSQL only: with PGlite the process is alone with its database.
  if (kind === "postgres") {
    it("lets only one instance act for the account; a second one takes over", async () => {
      const { who } = server();
      const first = bot;
      if (first === undefined) throw new Error("the bot is not running");
      let secondStarted = false;
      const second = start().then((b) => {
        secondStarted = true;
        return b;
      });
      const reply = await ask(who.mod, room, "#restart next while two run", botId);
      expect(bodyOf(reply)).toContain("#restart next was set");
      expect(secondStarted).toBe(false);
      await first.stop();
      bot = await second;
      const after = await ask(who.mod, room, "#restart next after takeover", botId);
      expect(bodyOf(after)).toContain("#restart next was set");
      expect((await track("restart")).next.slice(-2)).toEqual(["while two run", "after takeover"]);
    });
  }

  it("logged no errors", () => {
    expect(log.lines.filter((l) => l.startsWith("error:"))).toEqual([]);
  });
});

function never(): never {
  throw new Error("expected a message");
}

/** Sends `text` and collects the bot's messages until one contains `last`. */
async function collectBotMessages(
  client: MatrixClient,
  roomId: string,
  text: string,
  botId: string,
  last: string,
) {
  await client.syncToNow();
  await client.sendText(roomId, text);
  const messages = [];
  for (;;) {
    const message = await client.waitForMessage(roomId, (e) => e.sender === botId);
    messages.push(message);
    if (bodyOf(message).includes(last)) return messages;
  }
}
