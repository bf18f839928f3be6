// How a Matrix user is named in replies, check-ins and `seen`: their display name in the room (one
// line, trimmed; for IRC-bridged users their IRC nick), else their localpart. The bot names chat
// senders with it (bot/rooms/actor.ts) and stores it with the room's members, so that the widget
// names its user the same way (server/routes/action-run.ts).

export function localpart(userId: string): string {
  const match = /^@([^:]+):/.exec(userId);
  return match?.[1] ?? userId;
}

/** A display name as a nick: one line, trimmed; null when there is none worth the name. */
export function cleanDisplayName(displayName: unknown): string | null {
  if (typeof displayName !== "string") return null;
  const clean = displayName.replace(/\s+/g, " ").trim();
  return clean === "" ? null : clean;
}

export function nickFrom(userId: string, displayName: unknown): string {
  return cleanDisplayName(displayName) ?? localpart(userId);
}
