// `~trackroom TRACK|none` (issue 20): binding a room to a track, on every store.
import { describe, expect, it } from "vitest";
import type { Destination, OutboxMessage } from "../../shared/domain/destination.js";
import { eventTrackRooms, trackOfRoom } from "../../shared/store/track-rooms.js";
import { storeKinds } from "../support/stores.js";
import { alice, plainEvent, useStore, type TestEvent } from "./support.js";

describe.each(storeKinds())("track rooms (%s)", (kind) => {
  const store = useStore(kind);

  it("binds the room it is said in to a track, making it an event room, and unbinds it", async () => {
    const ev = await plainEvent(store().db, ["nova", "swift"]);
    const room = `!nova-${ev.slug}:example.org`;
    expect(await ev.reply("~trackroom #Nova", { chatRoomId: room })).toBe(
      "This room is now the room of #nova",
    );
    expect(await eventTrackRooms(ev.db, await ev.id())).toEqual(new Map([["nova", room]]));
    expect(await ev.reply("~trackroom nova", { chatRoomId: room })).toBe(
      "This room already is the room of #nova",
    );
    expect(await ev.reply("~trackroom none", { chatRoomId: room })).toBe(
      "This room is no longer the room of #nova",
    );
    expect(await trackOfRoom(ev.db, room)).toBeUndefined();
    // Still an event room.
    const bound = await ev.db
      .selectFrom("event_rooms")
      .select("event_id")
      .where("chat_room_id", "=", room)
      .executeTakeFirst();
    expect(bound?.event_id).toBe(await ev.id());
  });

  it("refuses bad input with one clear reply and changes nothing", async () => {
    const ev = await plainEvent(store().db, ["nova", "swift"]);
    const room = `!nova-${ev.slug}:example.org`;
    const other = `!other-${ev.slug}:example.org`;
    await ev.ok("~trackroom nova", { chatRoomId: room });
    expect(await ev.refused("~trackroom svift", { chatRoomId: other })).toBe(
      "Unknown track 'svift'",
    );
    expect(await ev.refused("~trackroom swift", { chatRoomId: room })).toBe(
      "This room is already the room of #nova; say ~trackroom none here first",
    );
    expect(await ev.refused("~trackroom nova", { chatRoomId: other })).toBe(
      `#nova already has a room (${room}); say ~trackroom none there first`,
    );
    expect(await ev.refused("~trackroom none", { chatRoomId: other })).toBe(
      "This room is not a track's room",
    );
    expect(await ev.refused("~trackroom", { chatRoomId: room })).toBe(
      "Usage: ~trackroom TRACK (or ~trackroom none)",
    );
    expect(await ev.refused("~trackroom nova", { chatRoomId: room, actor: alice })).toBe(
      "Need op for admin commands",
    );
  });

  it("unbinds the room when its track is deleted", async () => {
    const ev = await plainEvent(store().db, ["nova"]);
    const room = `!nova-${ev.slug}:example.org`;
    await ev.ok("~trackroom nova", { chatRoomId: room });
    await ev.ok("~del nova");
    expect(await trackOfRoom(ev.db, room)).toBeUndefined();
  });

  /** The track-room rows queued for `room` since outbox row `after`: their tracks. */
  const trackRowsFor = async (db: TestEvent["db"], room: string, after: number) => {
    const rows = await db
      .selectFrom("outbox")
      .select(["destination", "message"])
      .where("id", ">", after)
      .orderBy("id")
      .execute();
    return rows.flatMap((r) => {
      const destination = r.destination as Destination;
      const message = r.message as OutboxMessage;
      return destination.kind === "matrix.room" &&
        destination.roomId === room &&
        message.kind === "track-topic"
        ? [message.track]
        : [];
    });
  };
  const lastRow = async (db: TestEvent["db"]) =>
    (await db.selectFrom("outbox").select("id").orderBy("id", "desc").executeTakeFirst())?.id ?? 0;

  it("tells a room that stops being a track's room (unbound, or its track deleted), once", async () => {
    const ev = await plainEvent(store().db, ["nova", "swift"]);
    const room = `!nova-${ev.slug}:example.org`;
    await ev.ok("~trackroom nova", { chatRoomId: room });
    let since = await lastRow(ev.db);
    await ev.ok("~trackroom none", { chatRoomId: room });
    // One row: delivered, it finds the room no track's and removes #nova's video widget.
    expect(await trackRowsFor(ev.db, room, since)).toEqual(["nova"]);
    // The room no longer hears of #nova.
    since = await lastRow(ev.db);
    await ev.ok("#nova now after the unbinding");
    expect(await trackRowsFor(ev.db, room, since)).toEqual([]);

    await ev.ok("~trackroom swift", { chatRoomId: room });
    since = await lastRow(ev.db);
    await ev.ok("~del swift");
    expect(await trackRowsFor(ev.db, room, since)).toEqual(["swift"]);
    since = await lastRow(ev.db);
    await ev.ok("~add swift");
    expect(await trackRowsFor(ev.db, room, since)).toEqual([]);
  });
});
