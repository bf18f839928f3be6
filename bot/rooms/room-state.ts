// Reading one state event of a room, typed: its content, or the whole event (for its sender).
import type { MatrixClient } from "matrix-bot-sdk";
import { isNotFound } from "../matrix/matrix-errors.js";
import { isObject, parseRoomEvent, type Json, type RoomEvent } from "../matrix/matrix-events.js";

const statePath = (roomId: string, type: string, stateKey: string): string =>
  `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/` +
  `${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`;

/** The content of a state event, or null when the room has none. */
export async function stateContent(
  client: MatrixClient,
  roomId: string,
  type: string,
  stateKey = "",
): Promise<Json | null> {
  try {
    const content: unknown = await client.doRequest("GET", statePath(roomId, type, stateKey));
    return isObject(content) ? content : null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** The whole state event (`?format=event`), or null when the room has none. */
export async function stateEvent(
  client: MatrixClient,
  roomId: string,
  type: string,
  stateKey = "",
): Promise<RoomEvent | null> {
  try {
    const raw: unknown = await client.doRequest("GET", statePath(roomId, type, stateKey), {
      format: "event",
    });
    return parseRoomEvent(raw);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
