// Creating track rooms (issue 20): `~trackrooms create [TRACK…]` (admins) makes a room for
// every track that has none, or for the named ones, in the event's Space; `~space
// [ROOM_OR_ALIAS]` shows the Space or adopts an existing one. The bot does the Matrix work
// (bot/track-room-creator.ts) and records each outcome through the internal kinds here (no chat
// syntax), whose replies report progress where it was asked. Run by handlers/track-rooms.ts.
import { listExcerpt } from "../../domain/input-rules.js";
import { isTrackName } from "../../domain/validate.js";
import type { BatchProgress } from "../../store/track-room-jobs.js";
import * as handlers from "../handlers/track-rooms.js";
import type { KindDef } from "../kind.js";

export type CreateInput = { kind: "trackRooms.create"; tracks: string[] | null };
/** `queued`: tracks whose rooms are now to be made; `had`: named tracks that have one. */
export type CreateResult = {
  kind: "trackRooms.create";
  queued: string[];
  had: string[];
  underWay: string[];
};

export type SpaceInput = { kind: "trackRooms.space"; target: string | null };
/** `checking`: what the bot is checking before adopting it. */
export type SpaceResult = {
  kind: "trackRooms.space";
  asked: string | null;
  roomId: string | null;
  alias: string | null;
  checking: string | null;
};

export type SpaceCreatedInput = {
  kind: "trackRooms.spaceCreated";
  roomId: string;
  alias: string | null;
};
export type SpaceCreatedResult = SpaceCreatedInput & { kept: boolean };

/** `roomId` null: the adoption failed, with `error`. */
export type SpaceAdoptedInput = {
  kind: "trackRooms.spaceAdopted";
  target: string;
  roomId: string | null;
  alias: string | null;
  error: string | null;
};
/** `current`: false when it was recorded already or replaced by another `~space`. */
export type SpaceAdoptedResult = SpaceAdoptedInput & { current: boolean };

export type CreatedInput = {
  kind: "trackRooms.created";
  job: number;
  track: string;
  roomId: string;
  alias: string | null;
};
/** `progress`: the batch's, when this record reports it; `error`: the room could not be bound. */
export type RecordResult<K extends string> = {
  kind: K;
  track: string | null;
  error: string | null;
  progress: BatchProgress | null;
};

/** `job` null: every pending job of the batch failed (e.g. no Space could be made). */
export type FailedInput = {
  kind: "trackRooms.failed";
  batch: number;
  job: number | null;
  error: string;
};

export type PacedInput = { kind: "trackRooms.paced"; batch: number; waitSeconds: number };
export type PacedResult = {
  kind: "trackRooms.paced";
  waitSeconds: number;
  progress: BatchProgress | null;
};

const CREATE_USAGE = "Usage: ~trackrooms create [TRACK…]";
const SPACE_SHAPE = /^(?:![A-Za-z0-9._~+/=-]+(?::[^\s:]\S*)?|#[^\s:]+:[^\s:]\S*)$/;
const tracks = (names: readonly string[]): string => listExcerpt(names.map((n) => `#${n}`));
const spaceName = (r: { alias: string | null; roomId: string | null }): string =>
  r.alias ?? r.roomId ?? "";
const BOT_ONLY = "(bot) ";

function progressLine(p: BatchProgress): string {
  const failed = p.failed.length > 0 ? `; ${p.failed.length} failed: ${tracks(p.failed)}` : "";
  if (p.pending === 0 && p.failed.length === 0) {
    return `Track rooms: all ${p.total} created, in the event's Space`;
  }
  return `Track rooms: ${p.done} of ${p.total} created${failed}`;
}

export const create: KindDef<CreateInput, CreateResult> = {
  kind: "trackRooms.create",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["trackrooms create"],
    example: "~trackrooms create nova swift",
    brief: "~trackrooms create",
    parse: (args) => {
      const names = args.words.map((w) => w.replace(/^#/, "").toLowerCase());
      if (names.some((n) => !isTrackName(n))) return args.invalid(CREATE_USAGE);
      return { kind: "trackRooms.create", tracks: names.length === 0 ? null : names };
    },
  },
  help: [
    {
      syntax: "~trackrooms create [TRACK…]",
      what:
        "Makes a Matrix room, in the event's Space, for every track that has none (or for the " +
        "named tracks), at the pace the homeserver allows; progress is reported in this room.",
    },
  ],
  run: (ctx, op) => handlers.create(ctx, op),
  render: (r) => {
    const had = r.had.length > 0 ? `; ${tracks(r.had)} already had a room` : "";
    const busy = r.underWay.length > 0 ? `; already under way: ${tracks(r.underWay)}` : "";
    if (r.queued.length === 0) {
      return r.had.length === 0 && r.underWay.length === 0
        ? "Every track already has a room"
        : `Nothing to create${had}${busy}`;
    }
    const n = r.queued.length;
    return (
      `Creating ${n === 1 ? "a room" : `${n} rooms`} in the event's Space (${tracks(r.queued)})` +
      `${had}${busy}; I will report progress here`
    );
  },
  changes: () => ({}),
  widget: null,
};

export const space: KindDef<SpaceInput, SpaceResult> = {
  kind: "trackRooms.space",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["space"],
    example: "~space #ptg:example.org",
    brief: "~space",
    parse: (args) => {
      const [target] = args.words;
      if (target === undefined) return { kind: "trackRooms.space", target: null };
      if (args.words.length > 1 || target.length > 255 || !SPACE_SHAPE.test(target)) {
        return args.invalid("Usage: ~space [!ROOM_ID or #ALIAS:SERVER]");
      }
      return { kind: "trackRooms.space", target };
    },
  },
  help: [
    {
      syntax: "~space [ROOM_OR_ALIAS]",
      what:
        "Shows the event's Space (where ~trackrooms create puts the rooms); with a room id or " +
        "alias, adopts that Space instead of one the bot creates (the bot must be able to join " +
        "it and add rooms to it).",
    },
  ],
  run: (ctx, op) => handlers.space(ctx, op),
  render: (r) => {
    if (r.asked !== null && r.checking === null) {
      return `The event's Space already is ${spaceName(r)}`;
    }
    if (r.asked !== null) {
      return `Checking ${r.asked}: I will say here when it is the event's Space`;
    }
    const checking = r.checking === null ? "" : `; checking ${r.checking} to replace it`;
    return r.roomId === null
      ? `The event has no Space yet (~trackrooms create makes one, ~space ROOM_OR_ALIAS adopts one)${checking}`
      : `The event's Space is ${spaceName(r)}${checking}`;
  },
  changes: () => ({}),
  widget: null,
};

export const spaceCreated: KindDef<SpaceCreatedInput, SpaceCreatedResult> = {
  kind: "trackRooms.spaceCreated",
  scope: "admin",
  chat: null,
  help: [{ syntax: `${BOT_ONLY}Space created`, what: "Records the Space the bot made." }],
  run: (ctx, op) => handlers.spaceCreated(ctx, op),
  render: (r) => (r.kept ? "" : `Created the event's Space ${spaceName(r)}`),
  changes: () => ({}),
  widget: null,
};

export const spaceAdopted: KindDef<SpaceAdoptedInput, SpaceAdoptedResult> = {
  kind: "trackRooms.spaceAdopted",
  scope: "admin",
  chat: null,
  help: [{ syntax: `${BOT_ONLY}Space adopted`, what: "Records how adopting a Space went." }],
  run: (ctx, op) => handlers.spaceAdopted(ctx, op),
  render: (r) => {
    if (!r.current) return "";
    if (r.roomId === null) {
      return `Could not use ${r.target} as the event's Space: ${r.error ?? "unknown error"}`;
    }
    return `The event's Space is now ${spaceName(r)}`;
  },
  changes: () => ({}),
  widget: null,
};

export const created: KindDef<CreatedInput, RecordResult<"trackRooms.created">> = {
  kind: "trackRooms.created",
  scope: "admin",
  chat: null,
  help: [{ syntax: `${BOT_ONLY}track room created`, what: "Binds a room the bot made." }],
  run: (ctx, op) => handlers.created(ctx, op),
  render: (r) => {
    const progress = r.progress === null ? "" : progressLine(r.progress);
    if (r.error === null) return progress;
    return `Could not bind #${r.track ?? ""}'s room: ${r.error}${progress === "" ? "" : ` (${progress})`}`;
  },
  changes: (op) => ({ tracks: [op.track], parts: ["chatRooms"] }),
  widget: null,
};

export const failed: KindDef<FailedInput, RecordResult<"trackRooms.failed">> = {
  kind: "trackRooms.failed",
  scope: "admin",
  chat: null,
  help: [{ syntax: `${BOT_ONLY}track room failed`, what: "Records a refused room creation." }],
  run: (ctx, op) => handlers.failed(ctx, op),
  render: (r) => {
    if (r.progress === null && r.track === null && r.error === null) return "";
    const what = r.track === null ? "the track rooms" : `#${r.track}'s room`;
    const progress = r.progress === null ? "" : ` (${progressLine(r.progress)})`;
    return `Could not create ${what}: ${r.error ?? ""}${progress}`;
  },
  changes: () => ({}),
  widget: null,
};

export const paced: KindDef<PacedInput, PacedResult> = {
  kind: "trackRooms.paced",
  scope: "admin",
  chat: null,
  help: [{ syntax: `${BOT_ONLY}track rooms paced`, what: "Says once that the homeserver paces." }],
  run: (ctx, op) => handlers.paced(ctx, op),
  render: (r) => {
    const p = r.progress;
    if (p === null) return "";
    return (
      `The homeserver limits room creation: ${p.done} of ${p.total} track rooms created so far, ` +
      `the other ${p.pending} follow at its pace (the next in about ${r.waitSeconds} s)`
    );
  },
  changes: () => ({}),
  widget: null,
};
