// Track leads (issue 22): `#TRACK leads` (anyone), `#TRACK leads add|del WHO…` (an admin, or a
// lead of the track) and `~requireleads` (admins: track commands only from a track's leads and
// admins; `~alloweveryone` lifts it). Run by handlers/leads.ts.
import * as handlers from "../handlers/leads.js";
import { trackOf, type ChatArgs, type HelpLine, type KindDef } from "../kind.js";

export type ShowInput = { kind: "leads.show"; trackName: string };
export type AddInput = { kind: "leads.add"; track: string; who: string[] };
export type DelInput = { kind: "leads.del"; track: string; who: string[] };
export type RequireInput = { kind: "admin.requireLeads" };

/** The track's leads after the command, as the chat names them (cut short when long). */
export type LeadsResult<K extends "leads.show" | "leads.add" | "leads.del"> = {
  kind: K;
  track: string;
  leads: string;
  count: number;
};

const BRIEF = "#TRACK leads [add|del WHO...]";
const LEADS: HelpLine = {
  syntax: "#TRACK leads [add|del WHO…]",
  what: "Shows the track's leads; “add” and “del” change them (WHO: a Matrix id or a member's nick). An admin changes any track's leads, a lead their own track's.",
};

const usage = (args: ChatArgs) =>
  args.invalid(`Usage: #${args.track} leads [add|del WHO...] (WHO: @user:server or a nick)`);

/** `#TRACK leads add|del WHO…`: the sub-word, then at least one WHO. */
const change =
  <K extends "leads.add" | "leads.del">(kind: K, sub: "add" | "del", last: boolean) =>
  (args: ChatArgs) => {
    const [first, ...who] = args.words;
    if (first?.toLowerCase() !== sub) return last ? usage(args) : null;
    return who.length === 0 ? usage(args) : { kind, track: args.track, who };
  };

const render = (result: LeadsResult<"leads.show" | "leads.add" | "leads.del">) =>
  result.count === 0 ? `#${result.track} has no leads` : `#${result.track} leads: ${result.leads}`;

const thisTrack = (_op: unknown, track: { name: string } | null) =>
  track === null ? undefined : { tracks: [track.name] };

export const show: KindDef<ShowInput, LeadsResult<"leads.show">> = {
  kind: "leads.show",
  scope: "anyone",
  chat: {
    prefix: "#",
    words: ["leads"],
    example: "#nova leads",
    brief: BRIEF,
    parse: (args) =>
      args.words.length === 0 ? { kind: "leads.show", trackName: args.track } : null,
  },
  help: [LEADS],
  run: (ctx, op) => handlers.show(ctx, op),
  render,
  changes: () => ({}),
  widget: null,
};

export const add: KindDef<AddInput, LeadsResult<"leads.add">> = {
  kind: "leads.add",
  scope: "lead",
  chat: {
    prefix: "#",
    words: ["leads"],
    example: "#nova leads add @jane:example.org",
    brief: BRIEF,
    parse: change("leads.add", "add", false),
  },
  help: [LEADS],
  run: (ctx, op) => handlers.add(trackOf(ctx), op),
  render,
  changes: thisTrack,
  widget: null,
};

export const del: KindDef<DelInput, LeadsResult<"leads.del">> = {
  kind: "leads.del",
  scope: "lead",
  chat: {
    prefix: "#",
    words: ["leads"],
    example: "#nova leads del @jane:example.org",
    brief: BRIEF,
    parse: change("leads.del", "del", true),
  },
  help: [LEADS],
  run: (ctx, op) => handlers.del(trackOf(ctx), op),
  render,
  changes: thisTrack,
  widget: null,
};

export const requireLeads: KindDef<RequireInput, RequireInput> = {
  kind: "admin.requireLeads",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["requireleads"],
    example: "~requireleads",
    brief: "~requireleads",
    parse: () => ({ kind: "admin.requireLeads" }),
  },
  help: [
    {
      syntax: "~requireleads",
      what: "Only a track's leads (and admins) may use its track commands; ~alloweveryone lifts it.",
    },
  ],
  run: (ctx, op) => handlers.requireLeads(ctx, op),
  render: () => "Only a track's leads and admins may now issue its track commands",
  changes: () => ({ parts: ["settings"] }),
  widget: null,
};
