// Type-level proof that the registry cannot lose a part of a kind: a declaration without one of
// its required parts, or the registry without one of its kinds, does not compile (`npm run
// typecheck` fails on an unused @ts-expect-error), and each part is the kind's own.
import { describe, expectTypeOf, it } from "vitest";
import type { KindDef } from "../../shared/operations/kind.js";
import type { Operation, OperationKind } from "../../shared/operations/operation.js";
import { kindOf } from "../../shared/operations/registry.js";

type Registry = { [K in OperationKind]: ReturnType<typeof kindOf<K>> };

type Ping = { kind: "test.ping"; track: string };
type Pong = { kind: "test.ping"; track: string };

const run = () =>
  Promise.resolve({ result: { kind: "test.ping", track: "nova" } as const, changed: false });
const complete = {
  kind: "test.ping",
  scope: "track",
  chat: null,
  help: [{ syntax: "#TRACK ping", what: "Answers." }],
  run,
  render: () => "pong",
  changes: () => undefined,
  widget: null,
} satisfies KindDef<Ping, Pong>;

describe("KindDef", () => {
  it("takes a declaration with every part", () => {
    expectTypeOf(complete).toExtend<KindDef<Ping, Pong>>();
  });

  it("refuses a declaration that forgets a part", () => {
    const { changes: _changes, ...noChanges } = complete;
    // @ts-expect-error -- no `changes`: what the live feed re-reads must be declared
    const a: KindDef<Ping, Pong> = noChanges;
    const { help: _help, ...noHelp } = complete;
    // @ts-expect-error -- no help line
    const b: KindDef<Ping, Pong> = noHelp;
    const { widget: _widget, ...noWidget } = complete;
    // @ts-expect-error -- whether the widget exposes it must be said (null: it does not)
    const c: KindDef<Ping, Pong> = noWidget;
    const { chat: _chat, ...noChat } = complete;
    // @ts-expect-error -- its chat syntax, or null
    const d: KindDef<Ping, Pong> = noChat;
    const { render: _render, ...noRender } = complete;
    // @ts-expect-error -- the chat's words for its result
    const e: KindDef<Ping, Pong> = noRender;
    expectTypeOf([a, b, c, d, e]).toBeArray();
  });

  it("refuses a track scope for a kind without a track", () => {
    type Bare = { kind: "test.bare" };
    // @ts-expect-error -- a track-scoped kind must name its track
    const scope: KindDef<Bare, Bare>["scope"] = "track";
    expectTypeOf(scope).toBeString();
  });
});

describe("the registry", () => {
  it("has a declaration for every kind, typed to that kind", () => {
    // The registry's index is a Record over every kind: one left out does not compile.
    // @ts-expect-error -- every other kind is missing
    const partial: Registry = { "track.now": kindOf("track.now") };
    expectTypeOf(partial).toBeObject();
    expectTypeOf(kindOf("track.now").run)
      .parameter(1)
      .toEqualTypeOf<Extract<Operation, { kind: "track.now" }>>();
    // @ts-expect-error -- no such kind
    kindOf("track.nothing");
  });
});
