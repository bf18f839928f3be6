// `~status`, `~privatelinks` and `#TRACK url jitsi` in the core (issue 20), on every store:
// replies, refusals that change nothing, and the outbox rows that keep status messages.
import { describe, expect, it } from "vitest";
import { bindChatRoom } from "../../shared/store/events.js";
import { privateLinks } from "../../shared/store/room-status.js";
import { storeKinds } from "../support/stores.js";
import { alice, plainEvent, useStore, type TestEvent } from "./support.js";

const statusRows = async (ev: TestEvent) =>
  (
    await ev.db.selectFrom("outbox").select(["destination", "message"]).orderBy("id").execute()
  ).filter(
    (row) =>
      (row.message as { kind: string; eventSlug?: string }).kind === "room-status" &&
      (row.message as { eventSlug: string }).eventSlug === ev.slug,
  );

describe.each(storeKinds())("status messages and private links (%s)", (kind) => {
  const store = useStore(kind);

  it("~status shows and sets the room's status message; track changes queue its update", async () => {
    const ev = await plainEvent(store().db, ["nova", "swift"]);
    const room = `!main-${ev.slug}:example.org`;
    await ev.ok("~trackroom swift", { chatRoomId: `!swift-${ev.slug}:example.org` });
    await bindChatRoom(ev.db, room, await ev.id());
    expect(await ev.reply("~status", { chatRoomId: room })).toBe(
      "Status message here: default (on, unless an IRC bridge serves this room)",
    );
    const before = (await statusRows(ev)).length;
    await ev.ok("#nova now quotas", { chatRoomId: room });
    const rows = await statusRows(ev);
    // One row for the event room; none for the track room (its topic shows its status).
    expect(rows.slice(before).map((r) => (r.destination as { roomId: string }).roomId)).toEqual([
      room,
    ]);
    expect(await ev.reply("~status off", { chatRoomId: room })).toBe("Status message here: off");
    const after = (await statusRows(ev)).length;
    await ev.ok("#nova now more quotas", { chatRoomId: room });
    expect(await statusRows(ev)).toHaveLength(after);
    expect(await ev.reply("~status on", { chatRoomId: `!swift-${ev.slug}:example.org` })).toBe(
      "Status message here: on",
    );
    expect(await ev.refused("~status maybe", { chatRoomId: room })).toBe("Usage: ~status [on|off]");
    expect(await ev.refused("~status on", { chatRoomId: room, actor: alice })).toBe(
      "Need op for admin commands",
    );
    expect(await ev.refused("~status on", { chatRoomId: null })).toBe(
      "Only a Matrix room of the event can have a status message",
    );
  });

  it("~privatelinks on|off sets the event's setting; bad input changes nothing", async () => {
    const ev = await plainEvent(store().db, ["nova"]);
    expect(await ev.reply("~privatelinks")).toBe("Meeting links are public");
    expect(await ev.reply("~privatelinks on")).toBe(
      "Meeting links are private: only members of the event's rooms see them",
    );
    expect(await privateLinks(ev.db, await ev.id())).toBe(true);
    expect(await ev.refused("~privatelinks yes")).toBe("Usage: ~privatelinks [on|off]");
    expect(await ev.refused("~privatelinks off", { actor: alice })).toBe(
      "Need op for admin commands",
    );
    expect(await ev.reply("~privatelinks off")).toBe("Meeting links are public");
    expect(await privateLinks(ev.db, await ev.id())).toBe(false);
  });

  it("#TRACK url jitsi makes a Jitsi room on the configured server, else is refused", async () => {
    const ev = await plainEvent(store().db, ["nova"]);
    expect(await ev.refused("#nova url jitsi")).toBe(
      "No Jitsi server is configured (PTG_JITSI_URL); use #nova url URL instead",
    );
    const reply = await ev.reply("#nova url jitsi", { jitsiUrl: "https://meet.example.org" });
    expect(reply).toMatch(
      new RegExp(
        `^Meeting link for #nova is now https://meet\\.example\\.org/${ev.slug}-nova-[0-9a-f]{12}$`,
      ),
    );
    const first = (await ev.track("nova")).url;
    await ev.ok("#nova url jitsi", { jitsiUrl: "https://meet.example.org" });
    expect((await ev.track("nova")).url).not.toBe(first);
    await ev.ok("#nova url https://zoom.example.com/j/1");
    expect((await ev.track("nova")).url).toBe("https://zoom.example.com/j/1");
  });
});
