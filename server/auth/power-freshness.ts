// Fresh power or none: the widget's actions are decided on the power levels and members the bot
// stored as it synced. When no bot has synced for the configured time (it is stopped, or cannot
// reach the homeserver or the database), what is stored may be stale (a kick, a lowered level),
// so actions are refused with 503 until a bot syncs again. /me says how fresh it is.
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { secondsSinceSync } from "../../shared/store/heartbeat.js";
import { HttpError } from "../http/errors.js";

export const DEFAULT_POWER_MAX_AGE_SECONDS = 60;

export const POWER_STALE = "Can't check your power level right now, try again in a minute";

export interface PowerFreshness {
  /** Seconds since a bot last synced; null when no bot ever did. */
  ageSeconds: number | null;
  maxAgeSeconds: number;
  fresh: boolean;
}

export async function powerFreshness(
  db: Kysely<Database>,
  maxAgeSeconds: number,
): Promise<PowerFreshness> {
  const ageSeconds = await secondsSinceSync(db);
  return { ageSeconds, maxAgeSeconds, fresh: ageSeconds !== null && ageSeconds <= maxAgeSeconds };
}

/** Throws 503 `power_stale` when no bot has synced within `maxAgeSeconds`. */
export async function requireFreshPower(
  db: Kysely<Database>,
  maxAgeSeconds: number,
): Promise<void> {
  const { fresh } = await powerFreshness(db, maxAgeSeconds);
  if (!fresh) throw new HttpError(503, "power_stale", POWER_STALE, { "retry-after": "60" });
}
