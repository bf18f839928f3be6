// The change channel's notifications: (slug, version) and, when the change said, its scope
// (shared/store/events.ts bumpVersion). Anything malformed in a scope makes it unknown, which
// is always safe: the listener then reads the whole state.
import { CHANGE_PARTS, type ChangePart, type ChangeScope } from "../../shared/store/events.js";

export interface ChangeNote {
  slug: string;
  version: number;
  /** What the change touched; undefined: it does not say. */
  scope: ChangeScope | undefined;
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === "string");

const isPart = (value: string): value is ChangePart =>
  (CHANGE_PARTS as readonly string[]).includes(value);

function parseScope(value: unknown): ChangeScope | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { tracks, parts } = value as Record<string, unknown>;
  if (tracks !== undefined && !isStringArray(tracks)) return undefined;
  if (parts !== undefined && !(isStringArray(parts) && parts.every(isPart))) return undefined;
  return { tracks, parts };
}

export function parseNotification(payload: string): ChangeNote | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== "object" || value === null) return null;
    const { slug, version, scope } = value as Record<string, unknown>;
    if (typeof slug !== "string" || typeof version !== "number") return null;
    return { slug, version, scope: parseScope(scope) };
  } catch {
    return null;
  }
}
