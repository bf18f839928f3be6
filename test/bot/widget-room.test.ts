// What the room sees of widget actions, and who hears of them, end to end on a real Synapse with
// the real bot and server (PGlite, and PostgreSQL when DATABASE_URL is set):
// - a banner posted from the widget appears in the room once, as the bot's reply addressed to the
//   actor and marked "(from the widget)", also when the bot restarts between applying and sending,
//   and when it dies after sending and before marking the reply sent (a resend with the same
//   transaction id, which Synapse deduplicates);
// - a check-in from the widget posts nothing in the room;
// - a follower who sets their followed track's now, from chat or from the widget, is not told of
//   it, while another follower is;
// - a user whose display name differs from their localpart checks in from chat, then from the
//   widget: one person in the state, under their display name, and `+seen` finds them by it.
import { beforeAll, describe, expect, it } from "vitest";
import { loadEventState } from "../../shared/store/event-state.js";
import { isStatusMessage, MatrixClient, type RoomEvent } from "../support/matrix-client.js";
import { storeKinds } from "../support/stores.js";
import { useWidgetRig } from "../support/use-widget-rig.js";
import { ask, bodyOf, directMessages } from "./support.js";

const EVENT = "roomptg";
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "swift" }, "Ballroom B": { MonA1: "nova" } },
};

describe.each(storeKinds())("what the room sees of widget actions on %s", (kind) => {
  const rig = useWidgetRig({
    users: ["mod", "alice", "dan"],
    event: EVENT,
    store: { kind, schedule: SCHEDULE },
    server: {},
  });
  let botId = "";
  let room = "";
  /** Shown by a name that is not their localpart. */
  let jdoe: MatrixClient | undefined;
  /** Set when set-up failed: every test then fails with it (a failing beforeAll reports skips). */
  let setupError: unknown;

  const db = () => rig.store.db;
  const who = (localpart: string): MatrixClient => {
    if (setupError !== undefined) {
      throw setupError instanceof Error ? setupError : new Error("set-up failed");
    }
    const users: Record<string, MatrixClient | undefined> = { ...rig.users, jdoe };
    const client = users[localpart];
    if (client === undefined) throw new Error(`no ${localpart} (set-up failed?)`);
    return client;
  };
  const act = async (user: MatrixClient, action: string, body: Record<string, unknown>) => {
    const response = await rig.act(await rig.tokenOf(user), action, room, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ reply: string }>().reply;
  };
  /** Every message the bot sent in the room, oldest first (read back from the homeserver). */
  const botSaid = async (): Promise<string[]> => {
    const page = await who("mod").request<{ chunk: RoomEvent[] }>(
      "GET",
      `/rooms/${encodeURIComponent(room)}/messages?dir=b&limit=500`,
    );
    return page.chunk
      .filter((e) => e.type === "m.room.message" && e.sender === botId && !isStatusMessage(e))
      .map((e) => (typeof e.content.body === "string" ? e.content.body : ""))
      .reverse();
  };
  /** Waits until the bot stored `userId` as joined, with the display name it shows. */
  const storedMember = (userId: string, level: number | null) =>
    rig.stored(room, userId, level === null ? {} : { level });
  /** The bot's next message in its direct chat with a user. */
  const nextDirect = directMessages(() => botId);

  beforeAll(async () => {
    try {
      await setUp();
    } catch (error) {
      setupError = error;
    }
  }, 180_000);

  async function setUp(): Promise<void> {
    const hs = rig.hs;
    const user = await hs.registerUser("jdoe", { displayName: "JohnDoe" });
    jdoe = new MatrixClient(hs.baseUrl, user.accessToken, user.userId);
    botId = rig.botId;
    room = await who("mod").createRoom({ name: `Room ${kind}`, preset: "public_chat" });
    await rig.inviteBot(who("mod"), room);
    for (const name of ["alice", "dan", "jdoe"]) await who(name).join(room);
    // alice is an admin (the event's admin level is 50).
    await who("mod").setPowerLevel(room, who("alice").userId, 50);
    await storedMember(who("alice").userId, 50);
  }

  it("posts a banner from the widget in the room once, as the bot's reply to the actor", async () => {
    const alice = who("alice");
    await alice.syncToNow();
    const reply = await act(alice, "banner", { level: "warning", message: "Lunch moved to 13:00" });
    expect(reply).toBe("Added banner 1 (warning): Lunch moved to 13:00");
    const posted = await alice.waitForMessage(room, (e) => e.sender === botId);
    const words = "alice: Added banner 1 (warning): Lunch moved to 13:00 (from the widget)";
    expect(bodyOf(posted)).toBe(words);
    expect(posted.content["m.mentions"]).toEqual({ user_ids: [alice.userId] });
    // A later command's reply comes after it: by then the banner's was sent, and only once.
    expect(bodyOf(await ask(who("mod"), room, "+seen nobodymarker", botId))).toBe(
      "mod: nobodymarker never checked in anywhere",
    );
    expect((await botSaid()).filter((body) => body === words)).toHaveLength(1);
  });

  it("sends it once when the bot restarts between applying the action and sending its reply", async () => {
    const alice = who("alice");
    await rig.stopBot();
    const reply = await act(alice, "remove-banner", { number: 1 });
    expect(reply).toBe("Removed banner 1");
    // Applied, and waiting in the outbox while no bot runs.
    const pending = await db()
      .selectFrom("outbox")
      .select(["destination", "message"])
      .where("delivered_at", "is", null)
      .execute();
    expect(pending).toEqual([
      {
        destination: {
          kind: "matrix.room",
          roomId: room,
          to: { userId: alice.userId, nick: "alice" },
        },
        message: { kind: "text", text: "Removed banner 1 (from the widget)" },
      },
    ]);
    expect((await loadEventState(db(), EVENT))?.banners).toEqual([]);

    await who("mod").syncToNow();
    await rig.startBot();
    // The new bot drains the outbox: the reply comes first, then the marker's.
    const drained = await who("mod").waitForMessage(room, (e) => e.sender === botId);
    expect(bodyOf(drained)).toBe("alice: Removed banner 1 (from the widget)");
    expect(bodyOf(await ask(who("mod"), room, "+seen restartmarker", botId))).toBe(
      "mod: restartmarker never checked in anywhere",
    );
    const said = await botSaid();
    expect(
      said.filter((body) => body === "alice: Removed banner 1 (from the widget)"),
    ).toHaveLength(1);
    const left = db().selectFrom("outbox").select("id").where("delivered_at", "is", null);
    expect(await left.execute()).toEqual([]);
  });

  it("sends it once when the bot dies after sending the reply and before marking it sent", async () => {
    const alice = who("alice");
    await rig.stopBot();
    // This bot sends the reply, then fails before marking its row (as a kill -9 would leave it),
    // each time it tries.
    const words = "alice: Added banner 1 (info): crash marker (from the widget)";
    let sends = 0;
    await rig.startBot({
      outboxHooks: {
        afterSend: (row) => {
          if (row.message.kind === "text" && row.message.text.includes("crash marker")) {
            sends++;
            throw new Error("died before marking the row (simulated)");
          }
        },
      },
    });
    await who("mod").syncToNow();
    expect(await act(alice, "banner", { level: "info", message: "crash marker" })).toBe(
      "Added banner 1 (info): crash marker",
    );
    expect(bodyOf(await who("mod").waitForMessage(room, (e) => e.sender === botId))).toBe(words);
    await rig.stopBot();
    expect(sends).toBeGreaterThanOrEqual(1);
    const unmarked = db().selectFrom("outbox").select("id").where("delivered_at", "is", null);
    expect(await unmarked.execute()).toHaveLength(1);

    // The next bot sends it again, with the same transaction id: the room holds it once.
    await rig.startBot();
    expect(bodyOf(await ask(who("mod"), room, "+seen crashmarker", botId))).toBe(
      "mod: crashmarker never checked in anywhere",
    );
    expect(await unmarked.execute()).toEqual([]);
    expect((await botSaid()).filter((body) => body === words)).toHaveLength(1);
    await who("mod").syncToNow();
    await act(alice, "remove-banner", { number: 1 });
    await who("mod").waitForMessage(room, (e) => e.sender === botId);
  });

  it("posts nothing in the room for a check-in from the widget", async () => {
    const before = (await botSaid()).length;
    expect(await act(who("dan"), "check-in", { place: "#swift" })).toBe(
      "OK, checked into #swift - thanks for the update!",
    );
    expect(bodyOf(await ask(who("mod"), room, "+seen dan", botId))).toMatch(
      /^mod: dan was last seen in #swift at /,
    );
    // Only the marker's reply came since.
    expect((await botSaid()).slice(before)).toEqual([
      expect.stringMatching(/^mod: dan was last seen in #swift at /),
    ]);
  });

  it("does not tell a follower of the now they set, from chat or from the widget; others hear", async () => {
    const alice = who("alice");
    const dan = who("dan");
    expect(await act(alice, "follow", { track: "nova" })).toBe("Following #nova");
    expect(bodyOf(await ask(dan, room, "+follow #nova", botId))).toBe("dan: Following #nova");

    await who("mod").syncToNow();
    expect(await act(alice, "now", { track: "nova", topic: "placement" })).toBe("");
    // The chat command gets no reply (the room saw it); from the widget, the room is told it.
    const told = await who("mod").waitForMessage(room, (e) => e.sender === botId);
    expect(bodyOf(told)).toBe("alice: #nova now placement (from the widget)");
    expect(await nextDirect(dan)).toBe("now in #nova (Ballroom B): placement");
    await dan.syncToNow();
    await alice.sendText(room, "#nova now said in the chat");
    expect(await nextDirect(dan)).toBe("now in #nova (Ballroom B): said in the chat");

    // Someone else's change reaches alice: the first thing the bot ever tells her.
    await who("mod").sendText(room, "#nova next set by the moderator");
    expect(await nextDirect(alice)).toBe("next in #nova (Ballroom B): set by the moderator");
  });

  it("knows one person by one name, from chat and from the widget", async () => {
    const jdoe = who("jdoe");
    await storedMember(jdoe.userId, null);
    expect(bodyOf(await ask(jdoe, room, "+in #swift", botId))).toBe(
      "JohnDoe: OK, checked into #swift - thanks for the update!",
    );
    expect(await act(jdoe, "check-in", { place: "#nova" })).toBe(
      "OK, checked into #nova - thanks for the update!",
    );
    const rows = await db()
      .selectFrom("check_ins")
      .select(["person_key", "nick", "location"])
      .where("person_key", "=", jdoe.userId)
      .execute();
    expect(rows).toEqual([{ person_key: jdoe.userId, nick: "JohnDoe", location: "#nova" }]);
    const state = await loadEventState(db(), EVENT);
    const nova = state?.tracks.find((t) => t.name === "nova");
    expect(nova?.checkedIn.map((p) => p.nick)).toContain("JohnDoe");
    expect(JSON.stringify(state?.tracks.flatMap((t) => t.checkedIn))).not.toContain('"jdoe');
    expect(bodyOf(await ask(who("mod"), room, "+seen JohnDoe", botId))).toMatch(
      /^mod: JohnDoe was last seen in #nova at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
  });
});
