// Subscription kinds, for anyone about themselves: `+subscribe [REGEX]`, `+unsubscribe`. Run by
// handlers/people.ts. A subscription is not part of the event's page: its change scope is empty.
import { excerpt } from "../../domain/input-rules.js";
import * as handlers from "../handlers/people.js";
import type { HelpLine, KindDef } from "../kind.js";

export type ShowInput = { kind: "subscription.show" };
export type SetInput = { kind: "subscription.set"; pattern: string };
export type CancelInput = { kind: "subscription.cancel" };

export type ShowResult = { kind: "subscription.show"; pattern: string | null };
export type SetResult = { kind: "subscription.set"; pattern: string; previous: string | null };
export type CancelResult = { kind: "subscription.cancel"; pattern: string | null };

const SUBSCRIBE: HelpLine = {
  syntax: "+subscribe REGEX",
  what: "Sends you a direct message whenever a track's now/next matches the pattern; with no pattern, shows yours.",
};
const NONE_YET = "You don't have a subscription regex set yet";
const nothingShown = () => ({});

export const show: KindDef<ShowInput, ShowResult> = {
  kind: "subscription.show",
  scope: "anyone",
  chat: {
    prefix: "+",
    words: ["subscribe"],
    example: "+subscribe",
    brief: "+subscribe REGEX",
    parse: (args) => (args.text === "" ? { kind: "subscription.show" } : null),
  },
  help: [SUBSCRIBE],
  run: (ctx, op) => handlers.showSubscription(ctx, op),
  render: (result) =>
    result.pattern === null
      ? NONE_YET
      : `Your current subscription regex is: ${excerpt(result.pattern)}`,
  changes: () => undefined,
  widget: null,
};

export const set: KindDef<SetInput, SetResult> = {
  kind: "subscription.set",
  scope: "anyone",
  chat: {
    prefix: "+",
    words: ["subscribe"],
    example: "+subscribe nova|swift",
    brief: "+subscribe REGEX",
    parse: (args) => ({ kind: "subscription.set", pattern: args.text }),
  },
  help: [SUBSCRIBE],
  run: (ctx, op) => handlers.setSubscription(ctx, op),
  render: (result) =>
    `Subscription set to ${excerpt(result.pattern)}${result.previous === null ? "" : ` (was ${excerpt(result.previous)})`}`,
  changes: nothingShown,
  widget: null,
};

export const cancel: KindDef<CancelInput, CancelResult> = {
  kind: "subscription.cancel",
  scope: "anyone",
  chat: {
    prefix: "+",
    words: ["unsubscribe"],
    example: "+unsubscribe",
    brief: "+unsubscribe",
    parse: (args) =>
      args.words.length > 0
        ? args.invalid("The 'unsubscribe' command does not accept any parameters.")
        : { kind: "subscription.cancel" },
  },
  help: [{ syntax: "+unsubscribe", what: "Stops those messages." }],
  run: (ctx, op) => handlers.cancelSubscription(ctx, op),
  render: (result) =>
    result.pattern === null ? NONE_YET : `Cancelled subscription ${excerpt(result.pattern)}`,
  changes: nothingShown,
  widget: null,
};
