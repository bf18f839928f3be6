// A Matrix user's power level in a room, from what the bot stored of the room (the same rule
// as bot/actor.ts's powerLevelOf, over the stored form). Pure.

/** The power of a room creator in room version 12+: above any power level. */
export const CREATOR_LEVEL = Number.MAX_SAFE_INTEGER;

export interface StoredRoomPower {
  creators: readonly string[];
  /** Room version 12+: creators outrank every level. */
  creatorsPrivileged: boolean;
  /** False when the room has no m.room.power_levels event. */
  hasPowerLevels: boolean;
  users: Readonly<Record<string, number>>;
  usersDefault: number;
}

export function storedPowerLevel(userId: string, power: StoredRoomPower): number {
  const isCreator = power.creators.includes(userId);
  if (isCreator && power.creatorsPrivileged) return CREATOR_LEVEL;
  // Without a power levels event, the creator has 100 and everyone else 0.
  if (!power.hasPowerLevels) return isCreator ? 100 : 0;
  return power.users[userId] ?? power.usersDefault;
}
