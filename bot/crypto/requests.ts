// Sends what the OlmMachine asks for (key uploads and queries, one-time key claims, to-device
// messages, signatures) through the bot's client, which retries rate limits and refuses to act
// while the instance stands by, and reports each answer back to the machine.
import type { RequestType } from "@matrix-org/matrix-sdk-crypto-wasm";
import type { MatrixClient } from "matrix-bot-sdk";
import type { CryptoSdk } from "./crypto-module.js";

type Machine = InstanceType<CryptoSdk["OlmMachine"]>;
/** One request as the machine hands it over (every kind has a type, a body, maybe an id). */
export interface OutgoingRequest {
  readonly id?: string | undefined;
  readonly type: RequestType;
  readonly body: string;
  readonly event_type?: string;
  readonly txn_id?: string;
  readonly room_id?: string;
  readonly version?: string;
}

const V3 = "/_matrix/client/v3";
const enc = encodeURIComponent;

function route(
  sdk: CryptoSdk,
  request: OutgoingRequest,
): { method: "POST" | "PUT"; path: string; qs?: Record<string, string> } | null {
  const { RequestType } = sdk;
  switch (request.type) {
    case RequestType.KeysUpload:
      return { method: "POST", path: `${V3}/keys/upload` };
    case RequestType.KeysQuery:
      return { method: "POST", path: `${V3}/keys/query` };
    case RequestType.KeysClaim:
      return { method: "POST", path: `${V3}/keys/claim` };
    case RequestType.SignatureUpload:
      return { method: "POST", path: `${V3}/keys/signatures/upload` };
    case RequestType.ToDevice:
      return {
        method: "PUT",
        path: `${V3}/sendToDevice/${enc(request.event_type ?? "")}/${enc(request.txn_id ?? "")}`,
      };
    case RequestType.RoomMessage:
      return {
        method: "PUT",
        path:
          `${V3}/rooms/${enc(request.room_id ?? "")}/send/` +
          `${enc(request.event_type ?? "")}/${enc(request.txn_id ?? "")}`,
      };
    case RequestType.KeysBackup:
      return {
        method: "PUT",
        path: `${V3}/room_keys/keys`,
        qs: { version: request.version ?? "" },
      };
    default:
      return null;
  }
}

/** Sends one request and tells the machine what the homeserver answered. */
export async function sendRequest(
  client: MatrixClient,
  sdk: CryptoSdk,
  machine: Machine,
  request: OutgoingRequest,
): Promise<void> {
  const target = route(sdk, request);
  if (target === null) return;
  const response: unknown = await client.doRequest(
    target.method,
    target.path,
    target.qs ?? null,
    JSON.parse(request.body) as unknown,
  );
  if (request.id !== undefined) {
    await machine.markRequestAsSent(request.id, request.type, JSON.stringify(response ?? {}));
  }
}

/** Sends every request the machine has queued. */
export async function sendOutgoing(
  client: MatrixClient,
  sdk: CryptoSdk,
  machine: Machine,
): Promise<void> {
  for (const request of (await machine.outgoingRequests()) as OutgoingRequest[]) {
    await sendRequest(client, sdk, machine, request);
  }
}
