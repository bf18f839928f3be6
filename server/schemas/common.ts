// JSON schemas shared by several routes. Kept `as const` so route generics can line up with them.

import { SLUG_PATTERN } from "../../shared/domain/slug.js";

/** Event slugs, as the configuration and `~event` accept them (shared/domain/slug.ts). */
export { SLUG_PATTERN };

export const slugProperty = {
  type: "string",
  pattern: SLUG_PATTERN,
  description: "The event's slug (e.g. `DEN-ptg`)",
} as const;

export const slugParams = {
  type: "object",
  required: ["slug"],
  properties: { slug: slugProperty },
  additionalProperties: false,
} as const;

export interface SlugParams {
  slug: string;
}

export const errorSchema = {
  type: "object",
  description: "An error",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Stable, machine-readable code, e.g. `not_found`" },
        message: { type: "string", description: "What went wrong, for people" },
      },
    },
  },
} as const;

/** Error responses every event route may give. */
export const eventErrors = {
  400: errorSchema,
  404: errorSchema,
  429: errorSchema,
  500: errorSchema,
  503: errorSchema,
} as const;

export const notModified = {
  description: "Not modified: the `If-None-Match` ETag is current",
  type: "null",
} as const;

/** A response whose body is text of the given media type (documented for OpenAPI). */
export function textResponse(mediaType: string, description: string) {
  return {
    description,
    content: { [mediaType]: { schema: { type: "string" } } },
  } as const;
}
