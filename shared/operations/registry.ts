// Every operation kind, once: one line per kind, in the order the help texts list them (and the
// chat table tries them when several share a command word). The core's types (operation.ts,
// result.ts) are derived from this list, and dispatch, the chat table, both help texts, chat
// rendering, the change scope and the widget's action routes look kinds up here.
import type { ChangeScope } from "../store/events.js";
import type { TrackRef } from "../store/tracks.js";
import type { Applied } from "./context.js";
import type { KindDef, KindInput, RunContext } from "./kind.js";
import * as adminEvent from "./kinds/admin-event.js";
import * as adminTracks from "./kinds/admin-tracks.js";
import * as booking from "./kinds/booking.js";
import { chatInvalid } from "./kinds/chat-invalid.js";
import * as follow from "./kinds/follow.js";
import * as leads from "./kinds/leads.js";
import * as leadRequests from "./kinds/lead-requests.js";
import { help } from "./kinds/help.js";
import * as motd from "./kinds/motd.js";
import * as presence from "./kinds/presence.js";
import * as rules from "./kinds/rules.js";
import * as subscription from "./kinds/subscription.js";
import * as track from "./kinds/track.js";
import { scheduleSource } from "./kinds/schedule-source.js";
import * as status from "./kinds/status.js";
import { trackRoom } from "./kinds/track-room.js";
import * as trackRooms from "./kinds/track-rooms.js";
import { venue } from "./kinds/venue.js";
import type { Scope } from "./operation.js";
import type { Fetched, PrepareOptions } from "./prepare.js";

export const KINDS = [
  track.now,
  track.next,
  track.clean,
  booking.book,
  booking.unbook,
  track.etherpad,
  track.url,
  track.color,
  track.location,
  leads.show,
  leads.add,
  leads.del,
  presence.checkIn,
  presence.checkOut,
  presence.seen,
  subscription.show,
  subscription.set,
  subscription.cancel,
  follow.show,
  follow.add,
  follow.remove,
  leadRequests.request,
  help,
  adminTracks.list,
  adminTracks.addTracks,
  adminTracks.deleteTracks,
  adminTracks.cleanTracks,
  adminTracks.newDay,
  motd.add,
  motd.del,
  motd.clean,
  motd.reorder,
  adminEvent.requireVoice,
  adminEvent.allowEveryone,
  leads.requireLeads,
  leadRequests.list,
  leadRequests.approve,
  leadRequests.refuse,
  rules.show,
  rules.set,
  adminEvent.emptyDb,
  adminEvent.fetchDb,
  adminEvent.importDocument,
  adminEvent.showEvent,
  adminEvent.bindEvent,
  adminEvent.showName,
  adminEvent.setName,
  venue,
  scheduleSource,
  adminEvent.widget,
  trackRoom,
  trackRooms.create,
  trackRooms.space,
  trackRooms.spaceCreated,
  trackRooms.spaceAdopted,
  trackRooms.created,
  trackRooms.failed,
  trackRooms.paced,
  status.status,
  status.privateLinks,
  status.publicRoom,
  chatInvalid,
] as const;

type Declared = (typeof KINDS)[number];
type InputOf<D> = D extends { run: (ctx: RunContext, op: infer I) => unknown } ? I : never;
type ResultOfDef<D> = D extends {
  run: (ctx: RunContext, op: never) => Promise<Applied<infer R>>;
}
  ? R
  : never;

/** Every operation the core can be asked to run. */
export type Operation = InputOf<Declared>;
export type OperationKind = Operation["kind"];
/** Every result an applied operation can have. */
export type OperationResult = ResultOfDef<Declared>;

type DefOf<K extends OperationKind> = KindDef<
  Extract<Operation, { kind: K }>,
  Extract<OperationResult, { kind: K }>
>;
/** The registry by kind: a Record over every kind, so none can be left out. */
type Registry = { [K in OperationKind]: DefOf<K> };

// The one place the list meets its index: each entry sits under its own kind.
const BY_KIND = Object.fromEntries(KINDS.map((def) => [def.kind, def])) as unknown as Registry;

/** The declaration of one kind. */
export const kindOf = <K extends OperationKind>(kind: K): Registry[K] => BY_KIND[kind];

/**
 * A declaration seen through any operation or result of its kind: an operation always has its
 * own kind's declaration, so handing it the whole union is safe (TypeScript cannot follow the
 * correlation through a lookup by a value's kind).
 */
export interface Declaration {
  run: (ctx: RunContext, op: Operation) => Promise<Applied>;
  render: (result: OperationResult) => string;
  changes: (op: Operation, track: TrackRef | null) => ChangeScope | undefined;
  prepare?: (op: Operation, options: PrepareOptions) => Promise<Fetched>;
}

/** The declaration of an operation's (or a result's) kind. */
export const declarationOf = (value: Operation | OperationResult): Declaration =>
  BY_KIND[value.kind] as unknown as Declaration;

const hasTrack = (op: KindInput): op is KindInput & { track: string } =>
  "track" in op && typeof op.track === "string";
const hasScope = (op: KindInput): op is KindInput & { scope: Scope } => "scope" in op;

/** Who may run an operation. */
export function scopeOf(operation: Operation): Scope {
  const rule = BY_KIND[operation.kind].scope;
  switch (rule) {
    case "anyone":
    case "admin":
      return { kind: rule };
    case "track":
    case "lead":
      if (hasTrack(operation)) return { kind: rule, track: operation.track };
      throw new Error(`${operation.kind} declares a ${rule} scope but has no track`);
    case "carried":
      if (hasScope(operation)) return operation.scope;
      throw new Error(`${operation.kind} declares a carried scope but carries none`);
  }
}
