// How the bot's messages go into a room: encrypted when the room is end-to-end encrypted and the
// bot can encrypt (bot-crypto.ts), else as they are. start.ts sets the encryptor of the bot's
// client; send.ts asks it for every message, so that replies, notifications and notices all go
// the same way.
import type { MatrixClient } from "matrix-bot-sdk";

export interface OutgoingEvent {
  type: string;
  content: object;
}

export type RoomEncryptor = (roomId: string, event: OutgoingEvent) => Promise<OutgoingEvent>;

const encryptors = new WeakMap<MatrixClient, RoomEncryptor>();

export function setRoomEncryptor(client: MatrixClient, encryptor: RoomEncryptor): void {
  encryptors.set(client, encryptor);
}

/** The event as it is sent into `roomId` by `client`. */
export function outgoingEvent(
  client: MatrixClient,
  roomId: string,
  event: OutgoingEvent,
): Promise<OutgoingEvent> {
  const encryptor = encryptors.get(client);
  return encryptor === undefined ? Promise.resolve(event) : encryptor(roomId, event);
}
