// Track leads (issue 22) through runCommand, on every store: `#TRACK leads [add|del WHO…]` by an
// admin and by a lead, WHO as a Matrix id or a member's nick, and `~requireleads` /
// `~alloweveryone` on track commands.
import { describe, expect, it } from "vitest";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { PtgbotImportError } from "../../shared/ptgbot/validate.js";
import { storeKinds } from "../support/stores.js";
import {
  alice,
  bob,
  johndoe,
  newSlug,
  plainEvent,
  useStore,
  voiced,
  TestEvent,
} from "./support.js";

const LEADS_ONLY = "Only #nova's leads can do that (ask an admin)";

describe.each(storeKinds())("track leads (%s)", (kind) => {
  const store = useStore(kind);

  /** An event with #nova and #swift, and members of its room with their display names. */
  async function event(): Promise<TestEvent> {
    const ev = await plainEvent(store().db, ["nova", "swift"]);
    await store()
      .db.insertInto("matrix_room_members")
      .values([
        { room_id: ev.chatRoomId, user_id: alice.id, display_name: "Alice" },
        { room_id: ev.chatRoomId, user_id: bob.id, display_name: null },
        { room_id: ev.chatRoomId, user_id: johndoe.id, display_name: "JohnDoe" },
        { room_id: ev.chatRoomId, user_id: "@twin1:example.org", display_name: "Twin" },
        { room_id: ev.chatRoomId, user_id: "@twin2:example.org", display_name: "twin" },
      ])
      .execute();
    return ev;
  }

  it("shows no leads by default", async () => {
    const ev = await event();
    expect(await ev.reply("#nova leads", { actor: bob })).toBe("#nova has no leads");
  });

  it("lets an admin add leads by Matrix id and by nick, and shows them by name", async () => {
    const ev = await event();
    expect(await ev.reply("#nova leads add alice @bob:example.org")).toBe("#nova leads: Alice bob");
    expect(await ev.reply("#NOVA leads", { actor: johndoe })).toBe("#nova leads: Alice bob");
    expect(await ev.reply("#swift leads")).toBe("#swift has no leads");
    // A Matrix id needs no membership; it is shown as the id.
    expect(await ev.reply("#swift leads add @far:elsewhere.org")).toBe(
      "#swift leads: @far:elsewhere.org",
    );
  });

  it("lets a lead change their own track's leads, not another's", async () => {
    const ev = await event();
    await ev.ok("#nova leads add Alice");
    expect(await ev.reply("#nova leads add bob", { actor: alice })).toBe("#nova leads: Alice bob");
    expect(await ev.reply("#nova leads del alice", { actor: bob })).toBe("#nova leads: bob");
    expect(await ev.refused("#nova leads add johndoe", { actor: alice })).toBe(LEADS_ONLY);
    expect(await ev.refused("#swift leads add johndoe", { actor: bob })).toBe(
      "Only #swift's leads can do that (ask an admin)",
    );
  });

  it("lets an admin remove leads", async () => {
    const ev = await event();
    await ev.ok("#nova leads add alice bob");
    expect(await ev.reply("#nova leads del @alice:example.org bob")).toBe("#nova has no leads");
  });

  it("refuses bad input with one reply, changing nothing", async () => {
    const ev = await event();
    await ev.ok("#nova leads add alice");
    expect(await ev.refused("#nova leads add nobody")).toBe("Unknown user or nick 'nobody'");
    expect(await ev.refused("#nova leads add bob nobody")).toBe("Unknown user or nick 'nobody'");
    expect(await ev.refused("#nova leads add @not an id")).toBe(
      "'@not' is not a Matrix user id (@name:server)",
    );
    expect(await ev.refused("#nova leads add twin")).toBe(
      "'twin' names several people; use their Matrix id",
    );
    expect(await ev.refused("#nova leads del bob")).toBe("'bob' is not a lead of #nova");
    expect(await ev.refused("#nova leads add")).toBe(
      "Usage: #nova leads [add|del WHO...] (WHO: @user:server or a nick)",
    );
    expect(await ev.refused("#nova leads promote bob")).toBe(
      "Usage: #nova leads [add|del WHO...] (WHO: @user:server or a nick)",
    );
    expect(await ev.refused("#vega leads")).toBe("Unknown track 'vega'");
    expect(await ev.refused("#vega leads add bob")).toBe("Unknown track 'vega'");
    expect(await ev.refused("~requireleads", { actor: alice })).toBe("Need op for admin commands");
  });

  it("with ~requireleads, takes a track's commands only from its leads and admins", async () => {
    const ev = await event();
    await ev.ok("#nova leads add alice");
    expect(await ev.reply("~requireleads")).toBe(
      "Only a track's leads and admins may now issue its track commands",
    );
    // Voice does not make a lead; a lead needs no voice.
    expect(await ev.refused("#nova now quotas", { actor: voiced })).toBe(LEADS_ONLY);
    expect(await ev.refused("#nova book Room-MonA1", { actor: bob })).toBe(LEADS_ONLY);
    await ev.ok("#nova now quotas", { actor: alice });
    expect((await ev.track("nova")).now?.topic).toBe("quotas");
    await ev.ok("#swift now replication");
    expect(await ev.refused("#swift now erasure", { actor: alice })).toBe(
      "Only #swift's leads can do that (ask an admin)",
    );
    // Anyone still reads the leads and follows the track.
    expect(await ev.reply("#nova leads", { actor: bob })).toBe("#nova leads: Alice");

    expect(await ev.reply("~alloweveryone")).toBe("Everyone may now issue track commands");
    await ev.ok("#nova now placement", { actor: bob });
    expect((await ev.track("nova")).now?.topic).toBe("placement");
  });

  it("~alloweveryone lifts ~requirevoice and ~requireleads together", async () => {
    const ev = await event();
    await ev.ok("~requirevoice");
    await ev.ok("~requireleads");
    expect(await ev.refused("#nova now quotas", { actor: bob })).toBe(LEADS_ONLY);
    await ev.ok("~alloweveryone");
    await ev.ok("#nova now quotas", { actor: bob });
  });

  it("drops the rule and the leads with ~emptydb", async () => {
    const ev = await event();
    await ev.ok("#nova leads add alice");
    await ev.ok("~requireleads");
    await ev.ok("~emptydb");
    await ev.ok("~add nova");
    expect(await ev.reply("#nova leads")).toBe("#nova has no leads");
    await ev.ok("#nova now quotas", { actor: bob });
  });

  describe("in the PTGbot export", () => {
    it("has no leads key when no track has leads", async () => {
      const ev = await event();
      expect(await ev.exported()).not.toHaveProperty("leads");
    });

    it("exports leads by Matrix id, and imports them back", async () => {
      const ev = await event();
      await ev.ok("#nova leads add alice bob");
      await ev.ok("#swift leads add @far:elsewhere.org");
      const exported = await ev.exported();
      expect(exported.leads).toEqual({
        nova: [alice.id, bob.id],
        swift: ["@far:elsewhere.org"],
      });

      const copy = new TestEvent(store().db, newSlug());
      await importIntoEvent(store().db, copy.slug, { ...exported, eventid: copy.slug });
      expect((await copy.exported()).leads).toEqual(exported.leads);
      expect(await copy.reply("#nova leads")).toBe(
        "#nova leads: @alice:example.org @bob:example.org",
      );
      // An import without the key keeps them; one with it replaces them.
      await importIntoEvent(store().db, copy.slug, { now: { nova: "quotas" } });
      expect((await copy.exported()).leads).toEqual(exported.leads);
      await importIntoEvent(store().db, copy.slug, { leads: { swift: [bob.id] } });
      expect((await copy.exported()).leads).toEqual({ swift: [bob.id] });
    });

    it("refuses a document whose leads are not Matrix ids, changing nothing", async () => {
      const ev = await event();
      await ev.ok("#nova leads add alice");
      const before = await ev.snapshot();
      await expect(
        importIntoEvent(store().db, ev.slug, { leads: { nova: ["alice"] } }),
      ).rejects.toThrow(PtgbotImportError);
      expect(await ev.snapshot()).toEqual(before);
    });
  });
});
