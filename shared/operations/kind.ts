// What declaring an operation kind takes: one value of type KindDef, in the kind's module under
// kinds/, listed once in registry.ts. Every part is required (`null` says "none"), so a kind
// that forgets one does not compile; dispatch, the chat parser's table, both help texts, the
// live feed's change scope, chat rendering and the widget's HTTP action routes are lookups over
// these declarations.
import type { ChangeScope } from "../store/events.js";
import type { TrackRef } from "../store/tracks.js";
import type { ActionBody, ActionName } from "./action-bodies.js";
import type { Applied, OperationContext } from "./context.js";
import type { Scope } from "./operation.js";
import type { Fetched, PrepareOptions } from "./prepare.js";

/** An operation's input: a plain value with its kind. */
export interface KindInput {
  kind: string;
}

/**
 * Who may run it: anyone, an admin, a moderator of the operation's own `track`, or a lead of it
 * (only kinds whose input has one); `carried`: the input says (a refused chat line keeps its command's).
 */
export type ScopeRule<I> =
  | "anyone"
  | "admin"
  | (I extends { track: string } ? "track" | "lead" : never)
  | (I extends { scope: Scope } ? "carried" : never);

/** What a run function gets: the operation's transaction and, when authorized, its track. */
export type RunContext = OperationContext & {
  /** The track a track-scoped operation was authorized on (null for other scopes). */
  track: TrackRef | null;
  /** What `prepare` fetched before the transaction (undefined for kinds without it). */
  prepared: Fetched | undefined;
};

/** A chat line's arguments, after its command word(s). */
export interface ChatArgs {
  words: string[];
  /** The arguments as typed (trimmed). */
  text: string;
  /** The command word as typed (lower case), e.g. `colour` for `#nova colour red`. */
  word: string;
  /** For `#TRACK …` commands: the track as typed. */
  track: string;
  /** The operation that refuses this line with `reply`, in the command's scope. */
  invalid: (reply: string) => InvalidOperation;
}

/** A chat line that names a command but does not fit it (kinds/chat-invalid.ts). */
export interface InvalidOperation {
  kind: "chat.invalid";
  scope: Scope;
  reply: string;
}

/** How a kind is typed in chat. */
export interface ChatSyntax<I> {
  /** `+` (anyone: `+in`, `#in` in a room, bare in a direct message), `#` (`#TRACK word`), `~`. */
  prefix: "+" | "#" | "~";
  /** The command word and its aliases (`clean`, `clear`); `motd add` is a word and a sub-word. */
  words: readonly [string, ...string[]];
  /** An example line that parses to this kind (the registry test checks it does). */
  example: string;
  /** Its piece of the chat's short help (`#help`); kinds that share a piece give the same one. */
  brief: string;
  /** This kind's operation, a refusal (`args.invalid`), or null: not this kind's form. */
  parse: (args: ChatArgs) => I | InvalidOperation | null;
}

/** One row of the help page: the syntax and what it does. */
export interface HelpLine {
  syntax: string;
  what: string;
}

/** The operation a widget request stands for, and the chat command it is logged as. */
export interface WidgetCall<I> {
  operation: I | InvalidOperation;
  text: string;
}

/** How the widget runs a kind over HTTP: POST /events/:slug/actions/ACTION, validated by BODY. */
export type WidgetRoute<I> = {
  [A in ActionName]: {
    action: A;
    /** The OpenAPI summary. */
    summary: string;
    call: (body: ActionBody<A>) => WidgetCall<I>;
  };
}[ActionName];

export interface KindDef<I extends KindInput, R extends KindInput> {
  kind: I["kind"];
  scope: ScopeRule<I>;
  /** Its chat syntax, or null when no chat line asks for it. */
  chat: ChatSyntax<I> | null;
  /** Its rows on the help page (shown there when it has chat syntax); the first is its line. */
  help: readonly [HelpLine, ...HelpLine[]];
  /** Applies it through the store's verbs; throws Refused to refuse. */
  run: (ctx: RunContext, op: I) => Promise<Applied<R>>;
  /** The chat's words for its result ("" says nothing). */
  render: (result: R) => string;
  /** What the live feed re-reads after it changed something; undefined: the whole event. */
  changes: (op: I, track: TrackRef | null) => ChangeScope | undefined;
  /** The widget's HTTP action for it, or null. */
  widget: WidgetRoute<I> | null;
  /** Slow work before the transaction (only for senders who may run it), e.g. a fetch. */
  prepare?: (op: I, options: PrepareOptions) => Promise<Fetched>;
}

/** The track a track-scoped operation was authorized on. */
export function trackOf(ctx: RunContext): OperationContext & { track: TrackRef } {
  const { track } = ctx;
  if (track === null) throw new Error("a track operation ran without its track");
  return { ...ctx, track };
}

/** The whole event: listeners re-read everything (or nothing changed that they show). */
export const wholeEvent = (): undefined => undefined;

/** The operation that refuses a line (or a request) with `reply`, in `scope`. */
export const invalidOperation = (scope: Scope, reply: string): InvalidOperation => ({
  kind: "chat.invalid",
  scope,
  reply,
});
