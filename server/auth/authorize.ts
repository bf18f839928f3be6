// For the widget's routes: the signed-in user's standing in a Matrix room of an event, or the
// refusal as an HTTP error in the API's shape (403/404, the reason in the chat's words).
// Action routes call `requireOperation` with the kind of operation they run.
import type { Kysely } from "kysely";
import type { Session } from "./sessions.js";
import {
  authorizeOperation,
  widgetStanding,
  type OperationKind,
  type Standing,
} from "./widget-authorization.js";
import type { Database } from "../../shared/db/schema.js";
import { HttpError } from "../http/errors.js";

export async function standingIn(
  db: Kysely<Database>,
  session: Session,
  place: { slug: string; roomId: string },
): Promise<Standing> {
  const result = await widgetStanding(db, {
    userId: session.userId,
    roomId: place.roomId,
    slug: place.slug,
  });
  if (!result.ok) throw new HttpError(result.status, result.code, result.message);
  return result.standing;
}

/** The standing, if it allows an operation of this kind; else 403 with the chat's reason. */
export async function requireOperation(
  db: Kysely<Database>,
  session: Session,
  place: { slug: string; roomId: string },
  kind: OperationKind,
): Promise<Standing> {
  const standing = await standingIn(db, session, place);
  const refusal = authorizeOperation(standing, kind);
  if (refusal !== null) throw new HttpError(refusal.status, refusal.code, refusal.message);
  return standing;
}
