// Runs a widget action as the core's typed operation, for the signed-in user: the room's stored
// power level decides (server/auth/authorize.ts, the chat's rules), then `execute` applies it
// with the same command log, notifications and checks as a chat command. The answer is the
// chat's reply; a refusal is the API's error shape with the chat's words. Moderator and admin
// actions are also answered in the room (action-room-reply.ts); the actor is named by their
// display name there, as the chat names them.
import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { Kysely } from "kysely";
import type { Session } from "../auth/sessions.js";
import type { OperationKind as StandingKind } from "../auth/widget-authorization.js";
import type { Database } from "../../shared/db/schema.js";
import type { Actor } from "../../shared/operations/context.js";
import { execute, STORE_UNAVAILABLE } from "../../shared/operations/execute.js";
import { memberNick } from "../../shared/auth/room-state.js";
import type { Operation } from "../../shared/operations/operation.js";
import { scopeOf } from "../../shared/operations/registry.js";
import { requireOperation } from "../auth/authorize.js";
import { requireFreshPower } from "../auth/power-freshness.js";
import { HttpError } from "../http/errors.js";
import { roomReplyFor, roomTextOf } from "./action-room-reply.js";

export interface ActionRunnerOptions {
  db: Kysely<Database>;
  helpUrl: string;
  bridgedUsers: RegExp | null;
  log: FastifyBaseLogger;
  now: () => Date;
  /** Actions need a bot sync at most this old (server/auth/power-freshness.ts). */
  powerMaxAgeSeconds: number;
}

export interface ActionRequest {
  session: Session;
  slug: string;
  roomId: string;
  requestId: string | undefined;
  operation: Operation;
  /** The chat command it stands for, for the command log. */
  text: string;
}

export interface ActionAnswer {
  result: "ok";
  reply: string;
  repeated: boolean;
}

/**
 * The kind of standing an operation needs: the same scopes as the chat (operation.ts). A lead's
 * operation is checked as a track one here; the core then asks whether they lead the track.
 */
export function standingKind(operation: Operation): StandingKind {
  const scope = scopeOf(operation);
  if (scope.kind === "lead") return "track";
  return scope.kind === "anyone" ? "user" : scope.kind;
}

export async function runAction(
  options: ActionRunnerOptions,
  request: ActionRequest,
): Promise<ActionAnswer> {
  const { db } = options;
  const place = { slug: request.slug, roomId: request.roomId };
  await requireFreshPower(db, options.powerMaxAgeSeconds);
  const kind = standingKind(request.operation);
  const standing = await requireOperation(db, request.session, place, kind);
  const actor: Actor = {
    id: standing.userId,
    // Named as the chat names them: their display name in the room.
    nick: await memberNick(db, standing.roomId, standing.userId),
    powerLevel: standing.powerLevel,
  };
  const execution = await execute(
    db,
    request.operation,
    actor,
    {
      // A request id is the user's, for one action on one event.
      commandId: `widget:${standing.userId}:${standing.eventSlug}:${request.operation.kind}:${request.requestId ?? randomUUID()}`,
      eventSlug: standing.eventSlug,
      chatRoomId: standing.roomId,
      // The widget shows the answer itself; the room sees moderator and admin actions.
      replyTo: roomReplyFor(kind, standing.roomId, { userId: actor.id, nick: actor.nick }),
      replyText: (reply) => roomTextOf(reply, request.text),
      replyRefusals: false,
      text: `[widget] ${request.text}`,
      now: options.now(),
    },
    {
      helpUrl: options.helpUrl,
      bridgedUsers: options.bridgedUsers,
      onError: (error) => {
        options.log.error({ err: error }, "widget action failed");
      },
    },
  );
  switch (execution.result) {
    case "ok":
      return { result: "ok", reply: execution.reply, repeated: execution.status === "duplicate" };
    case "refused":
      throw new HttpError(409, "refused", execution.reply);
    case "error":
      throw new HttpError(503, "store_unavailable", execution.reply || STORE_UNAVAILABLE);
  }
}
