// May this Matrix user act from the widget in this room, for this event? The core's permission
// rule (shared/operations/permission.ts), over what the bot stored of the room:
//
// - the room is bound to the event, and the user is joined to it;
// - user operations (check in, follow…): anyone;
// - track operations (now, next, book…): anyone, or only voiced users when the event requires
//   voice (power level ≥ voice level); after ~requireleads, only a track's leads and admins
//   (`tracks` lists which tracks the user may steer; the core checks the track itself);
// - admin operations (banners…): power level ≥ the event's admin level.
//
// Refusals say why, in the chat's words (permission.ts's REFUSALS).
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import {
  CREATOR_LEVEL,
  LEADS_ONLY,
  REFUSALS,
  refusal,
  trackCommandTracks,
} from "../../shared/operations/permission.js";
import { storedPowerLevel } from "../../shared/auth/power-level.js";
import { isJoined, loadRoomPower } from "../../shared/auth/room-state.js";

/** The standings the widget's answers name (`user` is the core's `anyone`). */
export type OperationKind = "user" | "track" | "admin";

export interface Standing {
  userId: string;
  roomId: string;
  eventSlug: string;
  /** The user's power level in the room (room creators in v12+: CREATOR_LEVEL). */
  powerLevel: number;
  /** A room creator who outranks every level (room version 12+). */
  creator: boolean;
  may: Record<OperationKind, boolean>;
  /** Why not, for each kind of operation the user may not do. */
  why: Partial<Record<OperationKind, string>>;
  /** The tracks the user leads. */
  leads: string[];
  /** Whose track commands the user may use: every track's, or only these (permission.ts). */
  tracks: "all" | string[];
}

export interface Refusal {
  status: 403 | 404;
  code: string;
  message: string;
}

export type StandingResult = { ok: true; standing: Standing } | ({ ok: false } & Refusal);

const refuse = (status: 403 | 404, code: string, message: string): StandingResult => ({
  ok: false,
  status,
  code,
  message,
});

/** What the user may do from the widget in `roomId` for the event `slug`. */
export async function widgetStanding(
  db: Kysely<Database>,
  request: { userId: string; roomId: string; slug: string },
): Promise<StandingResult> {
  const { userId, roomId, slug } = request;
  const event = await db
    .selectFrom("events")
    .innerJoin("event_settings", "event_settings.event_id", "events.id")
    .select(["events.id", "voice_required", "admin_level", "voice_level", "leads_required"])
    .where("events.slug", "=", slug)
    .executeTakeFirst();
  if (event === undefined) return refuse(404, "event_not_found", `There is no event '${slug}'`);

  const binding = await db
    .selectFrom("event_rooms")
    .select("event_id")
    .where("chat_room_id", "=", roomId)
    .executeTakeFirst();
  if (binding === undefined) {
    return refuse(
      403,
      "room_not_bound",
      "That room is not an event room (an event admin adopts it with ~event SLUG)",
    );
  }
  if (binding.event_id !== event.id) {
    return refuse(403, "room_not_bound", `That room belongs to another event, not '${slug}'`);
  }
  if (!(await isJoined(db, roomId, userId))) {
    return refuse(403, "not_joined", `${userId} is not joined to that room`);
  }

  const power = await loadRoomPower(db, roomId);
  // Not known yet (the bot has not read the room's power levels): the least power.
  const powerLevel = power === undefined ? 0 : storedPowerLevel(userId, power);
  const leads = await db
    .selectFrom("track_leads")
    .innerJoin("tracks", "tracks.id", "track_leads.track_id")
    .select("tracks.name")
    .where("track_leads.event_id", "=", event.id)
    .where("track_leads.user_id", "=", userId)
    .orderBy("tracks.name")
    .execute();
  const leadTracks = leads.map((l) => l.name);
  const tracks = trackCommandTracks(powerLevel, event, leadTracks);
  const why: Partial<Record<OperationKind, string>> = {};
  const adminRefusal = refusal("admin", powerLevel, event);
  if (adminRefusal !== null) why.admin = adminRefusal;
  if (tracks !== "all" && tracks.length === 0) {
    // Under ~requireleads a voiced non-lead is refused as the core would refuse them.
    why.track = event.leads_required
      ? LEADS_ONLY
      : (refusal("track", powerLevel, event) ?? LEADS_ONLY);
  }
  const may = { user: true, track: why.track === undefined, admin: why.admin === undefined };
  return {
    ok: true,
    standing: {
      userId,
      roomId,
      eventSlug: slug,
      powerLevel,
      creator: powerLevel === CREATOR_LEVEL,
      may,
      why,
      leads: leadTracks,
      tracks,
    },
  };
}

/** Whether `standing` allows an operation of this kind; the refusal says why, as the chat does. */
export function authorizeOperation(standing: Standing, kind: OperationKind): Refusal | null {
  if (standing.may[kind]) return null;
  return { status: 403, code: "forbidden", message: standing.why[kind] ?? REFUSALS.admin };
}
