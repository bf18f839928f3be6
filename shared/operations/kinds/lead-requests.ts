// Lead sign-up (issue 22 item 2): `leads.request` (the widget only: a signed-in user asks to lead
// a track, with one line of text), `~leads` (admins: the open requests), `~leads approve N` and
// `~leads refuse N` (admins, also one click in the widget). Run by handlers/lead-requests.ts.
import * as handlers from "../handlers/lead-requests.js";
import { wholeEvent, type ChatArgs, type HelpLine, type KindDef } from "../kind.js";

export type RequestInput = { kind: "leads.request"; trackName: string; text: string };
export type ListInput = { kind: "leads.requests" };
export type ApproveInput = { kind: "leads.approve"; number: number };
export type RefuseInput = { kind: "leads.refuse"; number: number };

export type RequestResult = { kind: "leads.request"; number: number; track: string };
export type ListResult = { kind: "leads.requests"; count: number; list: string };
/** `open`: how many requests are still open after this answer. */
export type AnswerResult<K extends "leads.approve" | "leads.refuse"> = {
  kind: K;
  number: number;
  nick: string;
  track: string;
  open: number;
};

const BRIEF = "~leads";
const USAGE = "Usage: ~leads [approve N|refuse N] (N: a request's number, as ~leads lists them)";
const LEADS: HelpLine = {
  syntax: "~leads",
  what: "Lists the open requests to lead a track (users ask in the widget), by number.",
};

/** `~leads approve|refuse N`: the sub-word, then one request number. */
const answer =
  <K extends "leads.approve" | "leads.refuse">(kind: K, sub: "approve" | "refuse", last: boolean) =>
  (args: ChatArgs) => {
    const [first, number, ...rest] = args.words;
    if (first?.toLowerCase() !== sub) return last ? args.invalid(USAGE) : null;
    if (number === undefined || rest.length > 0 || !/^\d{1,6}$/.test(number)) {
      return args.invalid(USAGE);
    }
    return { kind, number: Number(number) };
  };

const stillOpen = (open: number) => (open === 0 ? "no request open" : `${open} still open`);

export const request: KindDef<RequestInput, RequestResult> = {
  kind: "leads.request",
  scope: "anyone",
  chat: null,
  help: [
    {
      syntax: "(widget) Ask to lead",
      what: "A signed-in user asks to lead a track, with one line of text; admins answer in the widget or with ~leads approve|refuse N, and the user is told.",
    },
  ],
  run: (ctx, op) => handlers.request(ctx, op),
  render: (result) =>
    `Asked to lead #${result.track} (request ${result.number}); an admin will answer`,
  // Only the event row: its version moves, which tells signed-in widgets to read requests again.
  changes: () => ({}),
  widget: {
    action: "request-lead",
    summary: "Ask to lead a track, with one line of text (admins answer)",
    call: (body) => ({
      operation: { kind: "leads.request", trackName: body.track, text: body.text },
      text: `[lead request] #${body.track.replace(/^#/, "")} ${body.text}`,
    }),
  },
};

export const list: KindDef<ListInput, ListResult> = {
  kind: "leads.requests",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["leads"],
    example: "~leads",
    brief: BRIEF,
    parse: (args) => (args.words.length === 0 ? { kind: "leads.requests" } : null),
  },
  help: [LEADS],
  run: (ctx, op) => handlers.list(ctx, op),
  render: (result) =>
    result.count === 0
      ? "No open lead requests"
      : `Open lead requests (${result.count}): ${result.list}`,
  changes: () => ({}),
  widget: null,
};

export const approve: KindDef<ApproveInput, AnswerResult<"leads.approve">> = {
  kind: "leads.approve",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["leads"],
    example: "~leads approve 1",
    brief: BRIEF,
    parse: answer("leads.approve", "approve", false),
  },
  help: [
    {
      syntax: "~leads approve N",
      what: "Approves lead request N: its user leads the track, and is told.",
    },
  ],
  run: (ctx, op) => handlers.approve(ctx, op),
  render: (r) =>
    `Approved lead request ${r.number}: ${r.nick} now leads #${r.track} (${stillOpen(r.open)})`,
  // The track's leads changed, and the operation names only the request: the whole event.
  changes: wholeEvent,
  widget: {
    action: "approve-lead",
    summary: "Approve a lead request (~leads approve N; admins)",
    call: (body) => ({
      operation: { kind: "leads.approve", number: body.number },
      text: `~leads approve ${body.number}`,
    }),
  },
};

export const refuse: KindDef<RefuseInput, AnswerResult<"leads.refuse">> = {
  kind: "leads.refuse",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["leads"],
    example: "~leads refuse 1",
    brief: BRIEF,
    parse: answer("leads.refuse", "refuse", true),
  },
  help: [
    {
      syntax: "~leads refuse N",
      what: "Refuses lead request N; its user is told.",
    },
  ],
  run: (ctx, op) => handlers.refuse(ctx, op),
  render: (r) =>
    `Refused lead request ${r.number} (${r.nick} for #${r.track}; ${stillOpen(r.open)})`,
  changes: () => ({}),
  widget: {
    action: "refuse-lead",
    summary: "Refuse a lead request (~leads refuse N; admins)",
    call: (body) => ({
      operation: { kind: "leads.refuse", number: body.number },
      text: `~leads refuse ${body.number}`,
    }),
  },
};
