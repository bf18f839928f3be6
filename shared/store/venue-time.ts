// An event's venue time (time zone, date of its first day) and IRC channel: the checks that
// turn what an admin typed into a stored value (or a short reason why not), and the verbs that
// store them. The chat commands (`~timezone`, `~firstday`, `~irc`) call these inside their
// command transaction; `updateVenueSettings` is the same for callers outside a command.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { canonicalTimeZone, isDateKey, parseIrcChannel } from "../domain/venue-time.js";
import { bumpVersion, findEvent, lockEvent } from "./events.js";

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Words that clear a setting instead of setting it. */
const CLEAR = new Set(["none", "off", "clear", "-"]);

const isClear = (text: string): boolean => CLEAR.has(text.trim().toLowerCase());

/** "Europe/Berlin" (any IANA zone; "none" clears it). */
export function checkTimeZone(text: string): Checked<string | null> {
  if (isClear(text)) return { ok: true, value: null };
  const zone = canonicalTimeZone(text);
  if (zone === null) {
    return {
      ok: false,
      error: `'${text.trim().slice(0, 64)}' is not a time zone: use an IANA name such as Europe/Berlin or America/New_York`,
    };
  }
  return { ok: true, value: zone };
}

/** "2026-04-13" ("none" clears it). */
export function checkFirstDay(text: string): Checked<string | null> {
  if (isClear(text)) return { ok: true, value: null };
  const date = text.trim();
  if (!isDateKey(date)) {
    return { ok: false, error: "Give the first day's date as YYYY-MM-DD, e.g. 2026-04-13" };
  }
  return { ok: true, value: date };
}

/** "ircs://irc.oftc.net/#openinfra-events" ("none" clears it). */
export function checkIrcChannel(text: string): Checked<string | null> {
  if (isClear(text)) return { ok: true, value: null };
  const channel = parseIrcChannel(text);
  if (channel === null) {
    return {
      ok: false,
      error: "Give the channel as an IRC link, e.g. ircs://irc.oftc.net/#openinfra-events",
    };
  }
  return { ok: true, value: channel.url };
}

export interface VenueSettings {
  timeZone: string | null;
  firstDay: string | null;
  ircChannel: string | null;
}

type Queryable = Kysely<Database> | Transaction<Database>;

export async function getVenueSettings(db: Queryable, eventId: number): Promise<VenueSettings> {
  const row = await db
    .selectFrom("events")
    .select(["time_zone", "first_day", "irc_channel"])
    .where("id", "=", eventId)
    .executeTakeFirstOrThrow();
  return { timeZone: row.time_zone, firstDay: row.first_day, ircChannel: row.irc_channel };
}

/** Stores the event's time zone (an already checked value; null clears it). */
export async function setTimeZone(
  trx: Transaction<Database>,
  eventId: number,
  zone: string | null,
): Promise<void> {
  await trx.updateTable("events").set({ time_zone: zone }).where("id", "=", eventId).execute();
}

/** Stores the date of the event's first day (an already checked value; null clears it). */
export async function setFirstDay(
  trx: Transaction<Database>,
  eventId: number,
  date: string | null,
): Promise<void> {
  await trx.updateTable("events").set({ first_day: date }).where("id", "=", eventId).execute();
}

/** Stores the event's IRC channel (an already checked value; null clears it). */
export async function setIrcChannel(
  trx: Transaction<Database>,
  eventId: number,
  url: string | null,
): Promise<void> {
  await trx.updateTable("events").set({ irc_channel: url }).where("id", "=", eventId).execute();
}

/**
 * Checks and stores any of the three settings of an event in one transaction that bumps its
 * version (for the console, the CLI and tests). Nothing changes when one of them is refused.
 */
export async function updateVenueSettings(
  db: Kysely<Database>,
  slug: string,
  changes: { timeZone?: string; firstDay?: string; ircChannel?: string },
): Promise<Checked<VenueSettings>> {
  const checks = {
    timeZone: changes.timeZone === undefined ? undefined : checkTimeZone(changes.timeZone),
    firstDay: changes.firstDay === undefined ? undefined : checkFirstDay(changes.firstDay),
    ircChannel: changes.ircChannel === undefined ? undefined : checkIrcChannel(changes.ircChannel),
  };
  for (const check of Object.values(checks)) {
    if (check !== undefined && !check.ok) return check;
  }
  return db.transaction().execute(async (trx) => {
    const event = await findEvent(trx, slug);
    if (event === undefined) return { ok: false, error: `There is no event '${slug}'` };
    await lockEvent(trx, event.id);
    if (checks.timeZone?.ok) await setTimeZone(trx, event.id, checks.timeZone.value);
    if (checks.firstDay?.ok) await setFirstDay(trx, event.id, checks.firstDay.value);
    if (checks.ircChannel?.ok) await setIrcChannel(trx, event.id, checks.ircChannel.value);
    await bumpVersion(trx, event.id);
    return { ok: true, value: await getVenueSettings(trx, event.id) };
  });
}
