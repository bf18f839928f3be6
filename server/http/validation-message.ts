// The message of a request that fails its schema. Ajv's own message is kept, except for unknown
// fields: Fastify would drop them silently (ajv's removeAdditional), the server refuses them
// (app.ts) and names the field, so that a client's typo is not mistaken for a default.
const MAX_NAME = 64;

interface ValidationItem {
  keyword?: unknown;
  params?: unknown;
}

/** The message for `error.validation` (Fastify's), or null to keep the error's own. */
export function validationMessage(validation: unknown, context: unknown): string | null {
  if (!Array.isArray(validation)) return null;
  for (const item of validation as ValidationItem[]) {
    if (item.keyword !== "additionalProperties") continue;
    const params = item.params as { additionalProperty?: unknown } | undefined;
    const property = params?.additionalProperty;
    const name = typeof property === "string" ? property : "";
    const shown = name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name;
    const where = typeof context === "string" ? context : "request";
    return `Unknown field ${JSON.stringify(shown)} in the ${where}`;
  }
  return null;
}
