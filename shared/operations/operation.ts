// What the core can be asked to do: one typed value per command, whatever the source (chat,
// console, CLI, HTTP, widget). Each kind declares its input in its module under kinds/; the
// union is derived from the registry. Types only.
import type { Operation, OperationKind } from "./registry.js";

export type { Operation, OperationKind };

/**
 * Who must the sender be for an operation: anyone, a track moderator (voice, or the track's lead
 * under ~requireleads), a lead of the track or an admin, or an admin.
 */
export type Scope =
  | { kind: "anyone" }
  | { kind: "track"; track: string }
  | { kind: "lead"; track: string }
  | { kind: "admin" };

/** The operation of one kind. */
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;
