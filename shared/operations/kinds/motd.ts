// Banner kinds (admins): `~motd add LEVEL MSG`, `~motd del N`, `~motd clean`, `~motd reorder X
// Y…`. Run by handlers/motd.ts; add and del also from the widget. The chat table refuses a
// missing or unknown sub-word of `~motd` itself (chat-table.ts), from these declarations.
import { BANNER_LEVELS, type BannerLevel } from "../../api/event-state.js";
import { excerpt, listExcerpt } from "../../domain/input-rules.js";
import * as handlers from "../handlers/motd.js";
import { invalidOperation, type KindDef } from "../kind.js";

export type AddInput = { kind: "admin.motdAdd"; level: BannerLevel; message: string };
/** Banner numbers count from 1, as shown. */
export type DelInput = { kind: "admin.motdDel"; number: number };
export type ReorderInput = { kind: "admin.motdReorder"; order: number[] };
export type CleanInput = { kind: "admin.motdClean" };

export type AddResult = {
  kind: "admin.motdAdd";
  number: number;
  level: BannerLevel;
  message: string;
};
export type DelResult = { kind: "admin.motdDel"; number: number };
export type ReorderResult = { kind: "admin.motdReorder"; order: number[] };
export type CleanResult = { kind: "admin.motdClean" };

const isLevel = (value: string): value is BannerLevel =>
  (BANNER_LEVELS as readonly string[]).includes(value);

/** A banner number as typed (1 to 999999), or null. */
const bannerNumber = (word: string): number | null =>
  /^\d{1,6}$/.test(word) ? Number(word) : null;

const banners = () => ({ parts: ["banners" as const] });
const MISSING_ADD = "Missing parameters (~motd add LEVEL MSG)";

export const add: KindDef<AddInput, AddResult> = {
  kind: "admin.motdAdd",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["motd add"],
    example: "~motd add info Lunch is served",
    brief: "~motd",
    parse: (args) => {
      const [level, ...words] = args.words;
      if (level === undefined || words.length === 0) return args.invalid(MISSING_ADD);
      if (!isLevel(level)) {
        return args.invalid(
          `Incorrect message level '${excerpt(level)}' (should be info, success, warning or danger)`,
        );
      }
      return { kind: "admin.motdAdd", level, message: args.text.slice(level.length).trim() };
    },
  },
  help: [
    {
      syntax: "~motd add LEVEL MESSAGE",
      what: "Adds a banner at the top of the page; LEVEL is info, success, warning or danger.",
    },
  ],
  run: (ctx, op) => handlers.add(ctx, op),
  render: (result) => `Added banner ${result.number} (${result.level}): ${excerpt(result.message)}`,
  changes: banners,
  widget: {
    action: "banner",
    summary: "Post a banner (~motd add LEVEL MSG; admins)",
    call: (body) => {
      const message = body.message.replace(/\s+/g, " ").trim();
      return {
        operation:
          message === ""
            ? invalidOperation({ kind: "admin" }, MISSING_ADD)
            : { kind: "admin.motdAdd", level: body.level, message },
        text: `~motd add ${body.level} ${message}`,
      };
    },
  },
};

export const del: KindDef<DelInput, DelResult> = {
  kind: "admin.motdDel",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["motd del"],
    example: "~motd del 1",
    brief: "~motd",
    parse: (args) => {
      const [word] = args.words;
      if (word === undefined) return args.invalid("Missing message number (~motd del NUM)");
      const number = bannerNumber(word);
      return number === null
        ? args.invalid(`Incorrect message number ${excerpt(word)}`)
        : { kind: "admin.motdDel", number };
    },
  },
  help: [{ syntax: "~motd del N", what: "Removes the Nth banner." }],
  run: (ctx, op) => handlers.del(ctx, op),
  render: (result) => `Removed banner ${result.number}`,
  changes: banners,
  widget: {
    action: "remove-banner",
    summary: "Remove a banner (~motd del NUM; admins)",
    call: (body) => ({
      operation: { kind: "admin.motdDel", number: body.number },
      text: `~motd del ${body.number}`,
    }),
  },
};

export const clean: KindDef<CleanInput, CleanResult> = {
  kind: "admin.motdClean",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["motd clean", "motd clear"],
    example: "~motd clean",
    brief: "~motd",
    parse: (args) =>
      args.words.length > 0
        ? args.invalid("'~motd clean' does not take parameters")
        : { kind: "admin.motdClean" },
  },
  help: [{ syntax: "~motd clean", what: "Removes every banner." }],
  run: (ctx, op) => handlers.clean(ctx, op),
  render: () => "Removed all banners",
  changes: banners,
  widget: null,
};

export const reorder: KindDef<ReorderInput, ReorderResult> = {
  kind: "admin.motdReorder",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["motd reorder"],
    example: "~motd reorder 2 1",
    brief: "~motd",
    parse: (args) => {
      if (args.words.length === 0) return args.invalid("Missing params (~motd reorder X Y...)");
      const order: number[] = [];
      for (const word of args.words) {
        const number = bannerNumber(word);
        if (number === null) return args.invalid(`Incorrect message number ${excerpt(word)}`);
        order.push(number);
      }
      return { kind: "admin.motdReorder", order };
    },
  },
  help: [{ syntax: "~motd reorder X Y…", what: "Puts banners in a new order (unlisted ones go)." }],
  run: (ctx, op) => handlers.reorder(ctx, op),
  render: (result) => `Banners are now in the order ${listExcerpt(result.order.map(String))}`,
  changes: banners,
  widget: null,
};
