// The OpenAPI plumbing several routes share, built from the HTTP contract (shared/api): the
// error responses every event route may give, 304, and text bodies. The request and response
// shapes themselves are written once, in shared/api (the widget shares them) or beside this
// module (params.ts, health.ts, stream-request.ts: only the server reads them).
import { ErrorBodySchema } from "../../shared/api/error.js";
import { SlugParamsSchema, SlugSchema } from "./params.js";

/** The schemas under the names the route modules use. */
export const errorSchema = ErrorBodySchema;
export const slugParams = SlugParamsSchema;
export const slugProperty = SlugSchema;

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
