// The input rules at the operation level, on every store: operations built directly (as the
// HTTP actions and the widget build them, without a chat line) get the same field rules as
// chat, with a short reply naming the field, no internal error, and nothing changed.
import { describe, expect, it } from "vitest";
import { execute } from "../../shared/operations/execute.js";
import type { Operation } from "../../shared/operations/operation.js";
import { storeKinds } from "../support/stores.js";
import { HELP_URL, MONDAY, alice, mod, newMessageId, plainEvent, useStore } from "./support.js";

const NUL = "a\u0000b";
const LONE = "a\uD800b";
const LONG = "x".repeat(5000);

const refusals: [string, Operation, string][] = [
  [
    "a NUL topic",
    { kind: "track.now", track: "swift", topic: NUL },
    "The topic must not contain a NUL character",
  ],
  [
    "a long topic",
    { kind: "track.next", track: "swift", topic: LONG },
    "The topic is too long (at most 500 characters)",
  ],
  [
    "a location with a control",
    { kind: "track.location", track: "swift", location: "a\u0001" },
    "The location must not contain control characters (U+0001)",
  ],
  [
    "a check-in with a lone surrogate",
    { kind: "presence.checkIn", place: LONE },
    "The place must not contain broken Unicode (a lone surrogate)",
  ],
  [
    "a banner with DEL",
    { kind: "admin.motdAdd", level: "info", message: "a\u007fb" },
    "The banner must not contain control characters (U+007F)",
  ],
  [
    "a long event name",
    { kind: "admin.setName", name: LONG },
    "The event name is too long (at most 100 characters)",
  ],
  [
    "a NUL pattern",
    { kind: "subscription.set", pattern: NUL },
    "The pattern must not contain a NUL character",
  ],
  [
    "a NUL nick to look for",
    { kind: "presence.seen", nick: NUL },
    "The nick must not contain a NUL character",
  ],
  [
    "a NUL URL",
    { kind: "track.url", track: "swift", url: `https://x.example.org/${NUL}` },
    "'https://x.example.org/a\uFFFDb' is not an http(s) URL",
  ],
  [
    "a NUL colour",
    { kind: "track.color", track: "swift", color: NUL },
    "'a\uFFFDb' is not a colour (use a name like teal, #rgb, #rrggbb, rgb() or hsl())",
  ],
  ["a NUL track", { kind: "track.now", track: NUL, topic: "x" }, "Unknown track 'a\uFFFDb'"],
  [
    "a NUL track to delete",
    { kind: "admin.deleteTracks", tracks: [NUL] },
    "Unknown track: a\uFFFDb",
  ],
  [
    "a NUL room",
    { kind: "booking.book", track: "swift", room: NUL, slot: "MonA1" },
    "Slot 'a\uFFFDb-MonA1' is invalid (or booked)",
  ],
];

describe.each(storeKinds())("operation input (%s)", (kind) => {
  const store = useStore(kind);

  it.each(refusals)("refuses %s", async (_name, operation, reply) => {
    const ev = await plainEvent(store().db, ["swift"]);
    const before = await ev.snapshot();
    const errors: unknown[] = [];
    const outcome = await execute(
      ev.db,
      operation,
      operation.kind.startsWith("presence.") || operation.kind.startsWith("subscription.")
        ? alice
        : mod,
      {
        commandId: newMessageId(),
        eventSlug: ev.slug,
        chatRoomId: null,
        replyTo: null,
        now: MONDAY,
      },
      { helpUrl: HELP_URL, onError: (error) => errors.push(error) },
    );
    expect(errors).toEqual([]);
    expect(outcome).toMatchObject({ status: "done", result: "refused", reply });
    expect(await ev.snapshot()).toEqual(before);
  });

  it("cleans what it accepts as chat does: one line, trimmed", async () => {
    const ev = await plainEvent(store().db, ["swift"]);
    const outcome = await execute(
      ev.db,
      { kind: "track.now", track: "swift", topic: "  ring\r\nplacement\t " },
      mod,
      { commandId: newMessageId(), eventSlug: ev.slug, chatRoomId: null, replyTo: null },
      { helpUrl: HELP_URL, onError: () => undefined },
    );
    expect(outcome).toMatchObject({ result: "ok" });
    expect((await ev.track("swift")).now?.topic).toBe("ring placement");
  });
});
