// Who sent a message, as the core sees them: the Matrix user id, the nick (display name in that
// room, which for IRC-bridged users is their IRC nick; else the localpart) and the power level
// (m.room.power_levels, and room creators in room version 12+, who outrank every level).
// Fetched once per room and user, then kept current from the room's timeline, in order.
import type { MatrixClient } from "matrix-bot-sdk";
import type { Actor } from "../../shared/operations/context.js";
import { roomPowerLevel } from "../../shared/operations/permission.js";
import { nickFrom } from "../../shared/matrix/member-name.js";
import {
  parseCreate,
  parsePowerLevels,
  type PowerLevels,
  type RoomCreate,
  type RoomEvent,
} from "../matrix/matrix-events.js";
import { stateContent, stateEvent } from "./room-state.js";
import type { RoomStateObserver } from "./room-state-store.js";

export interface RoomPower {
  create: RoomCreate;
  /** Null when the room has no m.room.power_levels event. */
  levels: PowerLevels | null;
}

/** The user's power level: the core's rule (shared/operations/permission.ts). */
export const powerLevelOf = (userId: string, power: RoomPower): number =>
  roomPowerLevel(userId, { ...power.create, levels: power.levels });

/** The power level needed to send a state event of this type. */
export function stateLevelFor(type: string, power: RoomPower): number {
  if (power.levels === null) return 0;
  return power.levels.events[type] ?? power.levels.stateDefault;
}

export class Actors {
  private readonly creates = new Map<string, RoomCreate>();
  private readonly levels = new Map<string, PowerLevels | null>();
  private readonly nicks = new Map<string, Map<string, string>>();

  constructor(
    private readonly client: MatrixClient,
    /** Also told of every event and departure: keeps room state in the database (widget). */
    private readonly roomState?: RoomStateObserver,
  ) {}

  /** Follows the room's state as its timeline goes by (power levels and names change). */
  observe(roomId: string, event: RoomEvent): void {
    this.roomState?.observe(roomId, event);
    if (event.stateKey === undefined) return;
    if (event.type === "m.room.power_levels" && event.stateKey === "") {
      this.levels.set(roomId, parsePowerLevels(event.content));
    } else if (event.type === "m.room.create" && event.stateKey === "") {
      this.creates.set(roomId, parseCreate(event.sender, event.content));
    } else if (event.type === "m.room.member") {
      const names = this.nicks.get(roomId);
      if (names === undefined) return;
      const membership = event.content.membership;
      if (membership === "join" || membership === "invite") {
        names.set(event.stateKey, nickFrom(event.stateKey, event.content.displayname));
      } else {
        names.delete(event.stateKey);
      }
    }
  }

  forget(roomId: string): void {
    this.roomState?.forget(roomId);
    this.creates.delete(roomId);
    this.levels.delete(roomId);
    this.nicks.delete(roomId);
  }

  async roomPower(roomId: string): Promise<RoomPower> {
    let create = this.creates.get(roomId);
    if (create === undefined) {
      const event = await stateEvent(this.client, roomId, "m.room.create");
      create = parseCreate(event?.sender, event?.content ?? {});
      this.creates.set(roomId, create);
    }
    let levels = this.levels.get(roomId);
    if (levels === undefined) {
      const content = await stateContent(this.client, roomId, "m.room.power_levels");
      levels = content === null ? null : parsePowerLevels(content);
      this.levels.set(roomId, levels);
    }
    return { create, levels };
  }

  async nickOf(roomId: string, userId: string): Promise<string> {
    let names = this.nicks.get(roomId);
    if (names === undefined) {
      names = new Map();
      this.nicks.set(roomId, names);
    }
    let nick = names.get(userId);
    if (nick === undefined) {
      const member = await stateContent(this.client, roomId, "m.room.member", userId);
      nick = nickFrom(userId, member?.displayname);
      names.set(userId, nick);
    }
    return nick;
  }

  async actorFor(roomId: string, userId: string): Promise<Actor> {
    const [nick, power] = await Promise.all([this.nickOf(roomId, userId), this.roomPower(roomId)]);
    return { id: userId, nick, powerLevel: powerLevelOf(userId, power) };
  }
}
