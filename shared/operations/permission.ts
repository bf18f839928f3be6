// The one permission rule: what an actor may do in a room, from their power level there and the
// event's voice/admin settings, with the chat's words for a refusal. The core (authorize.ts),
// the widget's session check (server/auth/widget-authorization.ts) and the bot (bot/rooms/actor.ts,
// through roomPowerLevel) all decide with it. Pure.

/**
 * Who must the sender be: anyone, a track moderator (voice, when required; the track's lead,
 * when leads are required), a lead of the track (or an admin), or an admin.
 */
export type Standing = "anyone" | "track" | "lead" | "admin";

/** The power of a room creator in room version 12+: above any power level. */
export const CREATOR_LEVEL = Number.MAX_SAFE_INTEGER;

/** The chat's replies to a sender without the standing an operation needs. */
export const REFUSALS = {
  admin: "Need op for admin commands",
  track: "Need voice to issue commands",
} as const;

/** The refusal of a sender who does not lead the track, when its leads are required. */
export const leadsRefusal = (track: string): string =>
  `Only #${track}'s leads can do that (ask an admin)`;

/** The event settings the rule reads (event_settings). */
export interface PermissionSettings {
  voice_required: boolean;
  voice_level: number;
  admin_level: number;
  /** ~requireleads; absent: not required. */
  leads_required?: boolean;
}

/** For a track's command: the track, and whether the sender leads it. */
export interface LeadFacts {
  track: string;
  isLead: boolean;
}

/**
 * Why an actor with this power level may not act with this standing; null: they may. `lead`
 * says whether they lead the track of a track command (null: not known, e.g. before the track
 * is looked up, when leads are not required).
 */
export function refusal(
  standing: Standing,
  powerLevel: number,
  settings: PermissionSettings,
  lead: LeadFacts | null = null,
): string | null {
  const admin = powerLevel >= settings.admin_level;
  switch (standing) {
    case "anyone":
      return null;
    case "track":
      // Required leads replace voice: a lead needs no voice, a voiced non-lead is refused.
      if (settings.leads_required === true && lead !== null) {
        return admin || lead.isLead ? null : leadsRefusal(lead.track);
      }
      return !settings.voice_required || powerLevel >= settings.voice_level ? null : REFUSALS.track;
    case "lead":
      if (admin || lead?.isLead === true) return null;
      return lead === null ? REFUSALS.admin : leadsRefusal(lead.track);
    case "admin":
      return admin ? null : REFUSALS.admin;
  }
}

/** The refusal of a track command to a sender who leads no track, when leads are required. */
export const LEADS_ONLY = "Only a track's leads can do that (ask an admin)";

/**
 * Whose track commands the sender may use, by the rule above: every track's ("all"), or only
 * those of `leads` (the tracks they lead) that the rule lets them steer (none: []).
 */
export function trackCommandTracks(
  powerLevel: number,
  settings: PermissionSettings,
  leads: readonly string[],
): "all" | string[] {
  if (settings.leads_required !== true) {
    return refusal("track", powerLevel, settings) === null ? "all" : [];
  }
  if (refusal("track", powerLevel, settings, { track: "", isLead: false }) === null) return "all";
  return leads.filter(
    (track) => refusal("track", powerLevel, settings, { track, isLead: true }) === null,
  );
}

/** What a room says of power: its creators, and its m.room.power_levels (null: none). */
export interface RoomPowerFacts {
  creators: readonly string[];
  /** Room version 12+: creators outrank every level. */
  creatorsPrivileged: boolean;
  levels: { users: Readonly<Record<string, number>>; usersDefault: number } | null;
}

/** A Matrix user's power level in a room. */
export function roomPowerLevel(userId: string, power: RoomPowerFacts): number {
  const isCreator = power.creators.includes(userId);
  if (isCreator && power.creatorsPrivileged) return CREATOR_LEVEL;
  // Without a power levels event, the creator has 100 and everyone else 0.
  if (power.levels === null) return isCreator ? 100 : 0;
  return power.levels.users[userId] ?? power.levels.usersDefault;
}
