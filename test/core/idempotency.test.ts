// A message delivered twice (homeserver redelivery, bot restart) is applied once; the second
// delivery gets back what the first decided.
import { describe, expect, it } from "vitest";
import { markDelivered, type Outcome } from "../../shared/operations/execute.js";
import { storeKinds } from "../support/stores.js";
import { TUESDAY, alice, bob, fixtureEvent, newMessageId, useStore } from "./support.js";

const statuses = (outcomes: Outcome[]) => outcomes.map((o) => o.status).sort();

describe.each(storeKinds())("idempotency (%s)", (kind) => {
  const store = useStore(kind);
  const fixture = () => fixtureEvent(store().db);

  it("applies a command once and answers the second delivery with the first decision", async () => {
    const ev = await fixture();
    await ev.ok("+subscribe swift", { actor: alice });
    const messageId = newMessageId();
    const version = await ev.version();

    const first = await ev.run("#swift next erasure codes", { actor: bob, messageId });
    expect(first).toMatchObject({ status: "done", result: "ok", version: version + 1 });
    const after = await ev.snapshot();

    const second = await ev.run("#swift next erasure codes", { actor: bob, messageId });
    expect(second).toEqual({
      status: "duplicate",
      delivered: false,
      result: "ok",
      reply: "",
      notifications: [
        { personKey: alice.id, nick: "Alice", text: "next in #swift: erasure codes" },
      ],
      effects: [],
      logId: first.status === "done" ? first.logId : -1,
    });
    expect(await ev.snapshot()).toEqual(after);
    expect((await ev.track("swift")).next).toEqual(["erasure codes"]);
    expect(await ev.version()).toBe(version + 1);
  });

  it("repeats the first reply", async () => {
    const ev = await fixture();
    const messageId = newMessageId();
    const first = await ev.run("#k8s-sig now helm", { messageId, now: TUESDAY });
    expect(first).toMatchObject({ status: "done", result: "ok" });
    const reply = first.status === "done" ? first.reply : "";
    expect(reply).toContain("does not appear to have a room scheduled today");
    const second = await ev.run("#k8s-sig now helm", { messageId, now: TUESDAY });
    expect(second).toMatchObject({ status: "duplicate", result: "ok", reply });
  });

  it("says whether the first decision was delivered", async () => {
    const ev = await fixture();
    const messageId = newMessageId();
    const first = await ev.ok("#swift now a", { messageId });
    expect(await ev.run("#swift now a", { messageId })).toMatchObject({
      status: "duplicate",
      delivered: false,
    });
    if (first.logId === null) throw new Error("the command was not logged");
    await markDelivered(ev.db, first.logId);
    expect(await ev.run("#swift now a", { messageId })).toMatchObject({
      status: "duplicate",
      delivered: true,
    });
  });

  it("answers a refused command's second delivery with the same refusal", async () => {
    const ev = await fixture();
    const messageId = newMessageId();
    expect(await ev.refused("#svift now a", { messageId })).toBe("Unknown track 'svift'");
    const before = await ev.snapshot();
    expect(await ev.run("#svift now a", { messageId })).toMatchObject({
      status: "duplicate",
      result: "refused",
      reply: "Unknown track 'svift'",
    });
    expect(await ev.snapshot()).toEqual(before);
  });

  it("does not run a different text sent under a known message id", async () => {
    const ev = await fixture();
    const messageId = newMessageId();
    await ev.ok("#swift now a", { messageId });
    const before = await ev.snapshot();
    expect(await ev.run("~emptydb", { messageId })).toMatchObject({ status: "duplicate" });
    expect(await ev.snapshot()).toEqual(before);
  });

  it("bumps the version once per change and not for answers", async () => {
    const ev = await fixture();
    const version = await ev.version();
    await ev.ok("~add newtrack");
    await ev.ok("~list");
    await ev.ok("+seen nobody");
    await ev.ok("#newtrack now x");
    await ev.refused("#newtrack now");
    expect(await ev.version()).toBe(version + 2);
  });

  it("applies once when the same message arrives twice at the same time", async () => {
    const ev = await fixture();
    const messageId = newMessageId();
    const version = await ev.version();
    const outcomes = await Promise.all(
      [1, 2].map(() => ev.run("#swift next concurrent", { messageId })),
    );
    expect(statuses(outcomes)).toEqual(["done", "duplicate"]);
    expect(outcomes.every((o) => o.status !== "ignored" && o.result === "ok")).toBe(true);
    expect((await ev.track("swift")).next).toEqual(["concurrent"]);
    expect(await ev.version()).toBe(version + 1);
  });

  it("applies once when many copies arrive at the same time", async () => {
    const ev = await fixture();
    const messageId = newMessageId();
    const version = await ev.version();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => ev.run("~add racer", { messageId })),
    );
    expect(statuses(outcomes)).toEqual(["done", ...Array<string>(7).fill("duplicate")]);
    expect((await ev.state()).tracks.filter((t) => t.name === "racer")).toHaveLength(1);
    expect(await ev.version()).toBe(version + 1);
  });

  it("refuses once when a refused message arrives twice at the same time", async () => {
    const ev = await fixture();
    const messageId = newMessageId();
    const before = await ev.snapshot();
    const outcomes = await Promise.all([1, 2].map(() => ev.run("#swift now", { messageId })));
    expect(statuses(outcomes)).toEqual(["done", "duplicate"]);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        result: "refused",
        reply: "Missing sentence (#swift now ...)",
      });
    }
    expect(await ev.snapshot()).toEqual(before);
  });
});
