// Small TypeBox helpers for the HTTP contract's schemas: a value that may be null, written the
// way the OpenAPI document showed it before (`type: [T, "null"]`), and a string-keyed map.
// Browser-safe (TypeBox only).
import { Type, type Static, type TSchema } from "typebox";

/** `schema` or null, as `{ type: [schema.type, "null"] }` (OpenAPI 3.0 reads it as nullable). */
export function Nullable<T extends TSchema & { type: string }>(schema: T, options = {}) {
  return Type.Unsafe<Static<T> | null>({ ...schema, ...options, type: [schema.type, "null"] });
}

/** An object whose every own property has the value `schema` (`additionalProperties`). */
export function StringMap<T extends TSchema>(schema: T, options = {}) {
  return Type.Unsafe<Record<string, Static<T>>>({
    type: "object",
    ...options,
    additionalProperties: schema,
  });
}

export const IsoTime = Type.String({ format: "date-time" });
