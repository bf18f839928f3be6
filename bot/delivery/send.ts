// Sending messages with transaction ids derived from what caused them (the command's event id,
// the part number): if the bot sends the same reply again after a failure or a restart, the
// homeserver recognises the transaction and does not post it twice.
import { createHash } from "node:crypto";
import type { MatrixClient } from "matrix-bot-sdk";
import { outgoingEvent } from "../crypto/room-encryptor.js";
import { isObject } from "../matrix/matrix-events.js";
import type { MessageContent } from "./replies.js";

export function transactionId(...parts: string[]): string {
  return `ptg-${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32)}`;
}

/** Sends one m.room.message (encrypted if the room is) and returns its event id. */
export async function sendMessage(
  client: MatrixClient,
  roomId: string,
  content: MessageContent,
  txnId: string,
): Promise<string> {
  const event = await outgoingEvent(client, roomId, { type: "m.room.message", content });
  const result: unknown = await client.doRequest(
    "PUT",
    `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(event.type)}/${encodeURIComponent(txnId)}`,
    null,
    event.content,
  );
  return isObject(result) && typeof result.event_id === "string" ? result.event_id : "";
}
