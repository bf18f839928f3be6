// Lookups shared by the event routes.
import type { ChangeFeed } from "../live/change-feed.js";
import { HttpError } from "../http/errors.js";
import type { Snapshot } from "../live/snapshot.js";

export function unknownEvent(slug: string): HttpError {
  return new HttpError(404, "event_not_found", `There is no event '${slug}'`);
}

/** The event's snapshot, or a 404. */
export async function requireEvent(feed: ChangeFeed, slug: string): Promise<Snapshot> {
  const snapshot = await feed.snapshot(slug);
  if (snapshot === undefined) throw unknownEvent(slug);
  return snapshot;
}
