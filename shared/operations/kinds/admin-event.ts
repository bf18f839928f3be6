// Admin kinds on the event as a whole: voice (`~requirevoice`, `~alloweveryone`), reset and
// import (`~emptydb`, `~fetchdb URL`, the CLI's import), binding (`~event [SLUG]`), name
// (`~name [TEXT]`) and the widget (`~widget`). Run by handlers/admin-event.ts.
import { excerpt } from "../../domain/input-rules.js";
import { SLUG_RULE } from "../../domain/slug.js";
import * as handlers from "../handlers/admin-event.js";
import type { HelpLine, KindDef } from "../kind.js";
import { fetchDocument } from "../prepare.js";

type Bare<K extends string> = { kind: K };
export type FetchDbInput = { kind: "admin.fetchDb"; url: string };
/** A PTGbot document already read (the CLI's `import FILE`): checked, then applied. */
export type ImportInput = { kind: "admin.importDocument"; document: unknown; from: string };
export type BindInput = { kind: "admin.bindEvent"; slug: string };
export type SetNameInput = { kind: "admin.setName"; name: string };

type SlugResult<K extends string> = { kind: K; slug: string };
/** `summary`: what the import did, in one line (describeImport). */
type ImportResult<K extends string> = { kind: K; slug: string; summary: string };
type NameResult<K extends string> = { kind: K; name: string };

const EVENT: HelpLine = {
  syntax: "~event [SLUG]",
  what:
    "Shows which event this room belongs to; with a slug, moves the room to that event " +
    "(or adopts a room no event has yet): only an admin of that event may.",
};
const NAME: HelpLine = {
  syntax: "~name [TEXT]",
  what: "Shows the event's name; with text, renames it (the page's title).",
};
const settings = () => ({ parts: ["settings" as const] });

/** A bare admin command word (`~emptydb`): its kind, whatever follows. */
const bareWord = <K extends string>(kind: K, word: string) => ({
  prefix: "~" as const,
  words: [word] as const,
  example: `~${word}`,
  brief: `~${word}`,
  parse: () => ({ kind }),
});

export const requireVoice: KindDef<Bare<"admin.requireVoice">, Bare<"admin.requireVoice">> = {
  kind: "admin.requireVoice",
  scope: "admin",
  chat: bareWord("admin.requireVoice", "requirevoice"),
  help: [{ syntax: "~requirevoice", what: "Only voiced people may use track commands." }],
  run: (ctx, op) => handlers.requireVoice(ctx, op),
  render: () => "Voice is now required to issue track commands",
  changes: settings,
  widget: null,
};

export const allowEveryone: KindDef<Bare<"admin.allowEveryone">, Bare<"admin.allowEveryone">> = {
  kind: "admin.allowEveryone",
  scope: "admin",
  chat: bareWord("admin.allowEveryone", "alloweveryone"),
  help: [{ syntax: "~alloweveryone", what: "Everyone may use track commands." }],
  run: (ctx, op) => handlers.allowEveryone(ctx, op),
  render: () => "Everyone may now issue track commands",
  changes: settings,
  widget: null,
};

export const emptyDb: KindDef<Bare<"admin.emptyDb">, SlugResult<"admin.emptyDb">> = {
  kind: "admin.emptyDb",
  scope: "admin",
  chat: bareWord("admin.emptyDb", "emptydb"),
  help: [{ syntax: "~emptydb", what: "Empties the event's schedule." }],
  run: (ctx, op) => handlers.emptyDb(ctx, op),
  render: (result) => `Event ${result.slug} is now empty`,
  changes: () => undefined,
  widget: null,
};

export const fetchDb: KindDef<FetchDbInput, ImportResult<"admin.fetchDb">> = {
  kind: "admin.fetchDb",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["fetchdb"],
    example: "~fetchdb https://example.org/ptg.json",
    brief: "~fetchdb",
    parse: (args) => {
      const [url] = args.words;
      return url === undefined || args.words.length !== 1
        ? args.invalid("Error loading DB: usage is ~fetchdb URL")
        : { kind: "admin.fetchDb", url };
    },
  },
  help: [
    {
      syntax: "~fetchdb URL",
      what: "Loads the event from a PTGbot JSON document; the keys it has replace the current ones.",
    },
  ],
  prepare: (op, options) => fetchDocument(op.url, options),
  run: (ctx, op) => handlers.fetchDb(ctx, op, ctx.prepared),
  render: (result) => result.summary,
  changes: () => undefined,
  widget: null,
};

/** The import of a document an adapter read itself (`ptg import`, the schedule poller). */
export const importOperation = (document: unknown, from: string): ImportInput => ({
  kind: "admin.importDocument",
  document,
  from,
});

export const importDocument: KindDef<ImportInput, ImportResult<"admin.importDocument">> = {
  kind: "admin.importDocument",
  scope: "admin",
  chat: null,
  help: [
    {
      syntax: "ptg import FILE|URL",
      what: "(command line) Loads the event from a PTGbot JSON document, like ~fetchdb.",
    },
  ],
  run: (ctx, op) => handlers.importDocument(ctx, op),
  render: (result) => result.summary,
  changes: () => undefined,
  widget: null,
};

export const showEvent: KindDef<Bare<"admin.showEvent">, SlugResult<"admin.showEvent">> = {
  kind: "admin.showEvent",
  scope: "admin",
  chat: {
    ...bareWord("admin.showEvent", "event"),
    parse: (args) => (args.words.length === 0 ? { kind: "admin.showEvent" } : null),
  },
  help: [EVENT],
  run: (ctx, op) => handlers.showEvent(ctx, op),
  render: (result) => `This room is bound to event ${result.slug}`,
  changes: () => undefined,
  widget: null,
};

export const bindEvent: KindDef<BindInput, SlugResult<"admin.bindEvent">> = {
  kind: "admin.bindEvent",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["event"],
    example: "~event ptg",
    brief: "~event",
    parse: (args) => {
      const [slug] = args.words;
      return slug === undefined || args.words.length > 1
        ? args.invalid(`Usage: ~event SLUG (${SLUG_RULE})`)
        : { kind: "admin.bindEvent", slug };
    },
  },
  help: [EVENT],
  run: (ctx, op) => handlers.bindEvent(ctx, op),
  render: (result) => `This room is now bound to event ${result.slug}`,
  changes: () => ({ parts: ["chatRooms", "power"] }),
  widget: null,
};

export const showName: KindDef<Bare<"admin.showName">, NameResult<"admin.showName">> = {
  kind: "admin.showName",
  scope: "admin",
  chat: {
    ...bareWord("admin.showName", "name"),
    parse: (args) => (args.text === "" ? { kind: "admin.showName" } : null),
  },
  help: [NAME],
  run: (ctx, op) => handlers.showName(ctx, op),
  render: (result) => `This event is called ${excerpt(result.name)}`,
  changes: () => undefined,
  widget: null,
};

export const setName: KindDef<SetNameInput, NameResult<"admin.setName">> = {
  kind: "admin.setName",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["name"],
    example: "~name Denver PTG",
    brief: "~name",
    parse: (args) => ({ kind: "admin.setName", name: args.text }),
  },
  help: [NAME],
  run: (ctx, op) => handlers.setName(ctx, op),
  render: (result) => `This event is now called ${excerpt(result.name)}`,
  // The name is the event's own row, always re-read.
  changes: () => ({}),
  widget: null,
};

export const widget: KindDef<Bare<"admin.widget">, Bare<"admin.widget">> = {
  kind: "admin.widget",
  scope: "admin",
  chat: bareWord("admin.widget", "widget"),
  help: [
    { syntax: "~widget", what: "Adds (or refreshes) the event's widget at the top of the room." },
  ],
  run: (ctx, op) => handlers.widget(ctx, op),
  render: () => "",
  changes: () => undefined,
  widget: null,
};
