// The first sync of a fresh bot state (a new database, even for an account that has been in its
// rooms for long) returns what the rooms hold: history, not commands for this bot state. But a
// big first sync takes a while, and what people say while it runs is news, to be answered once.
// So the moment the bot's process first started on this state is kept (in its storage, so that a
// crash during the first sync does not move it), and a message of the first sync is read as a
// command when it was said from then on (the usual rule, nothing from before the bot's join,
// still holds): a command typed while the process starts (before it reads) is answered too.
import type { RoomEvent } from "../matrix/matrix-events.js";
import type { DatabaseStorageProvider } from "./storage.js";

const KEY = "first_sync_from";

/** When this bot state first began (ms since the epoch), recorded as `now` if never. */
export async function firstReadingFrom(
  storage: DatabaseStorageProvider,
  now = Date.now(),
): Promise<number> {
  const kept = await storage.readValue(KEY);
  if (kept !== null && /^\d+$/.test(kept)) return Number(kept);
  await storage.storeValue(KEY, String(now));
  return now;
}

/** Pure: whether a message of the first sync was said since the bot began reading. */
export function saidSinceReading(event: RoomEvent, readingFrom: number): boolean {
  return event.originServerTs >= readingFrom;
}
