// A Matrix user's power level in a room, from what the bot stored of the room: the core's rule
// (shared/operations/permission.ts) over the stored form. Pure.
import { roomPowerLevel } from "../operations/permission.js";

export interface StoredRoomPower {
  creators: readonly string[];
  /** Room version 12+: creators outrank every level. */
  creatorsPrivileged: boolean;
  /** False when the room has no m.room.power_levels event. */
  hasPowerLevels: boolean;
  users: Readonly<Record<string, number>>;
  usersDefault: number;
}

export const storedPowerLevel = (userId: string, power: StoredRoomPower): number =>
  roomPowerLevel(userId, {
    creators: power.creators,
    creatorsPrivileged: power.creatorsPrivileged,
    levels: power.hasPowerLevels ? { users: power.users, usersDefault: power.usersDefault } : null,
  });
