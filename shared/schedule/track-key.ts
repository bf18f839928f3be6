// A PTG track name for a schedule's track name: PTG's track names are short lower-case words
// (they are typed in chat as #track), schedules' are titles ("Art & Culture", "Ökologie").
// The talk keeps the title; the PTG track gets this key.
import { MAX_TRACK_NAME_LENGTH, RESERVED_TRACK_NAMES } from "../domain/validate.js";

export function trackKey(title: string): string {
  const key = title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/-+$/, "")
    .slice(0, MAX_TRACK_NAME_LENGTH);
  if (key === "") return "track";
  return RESERVED_TRACK_NAMES.includes(key) ? `${key}-track` : key;
}
