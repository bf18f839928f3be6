// Widget sessions: after a Matrix user proved who they are (an OpenID token checked with their
// homeserver), they get a random session token, sent back as a Bearer token. Only its SHA-256 is
// stored, so a database dump holds no usable token. A session ends when it expires or is
// revoked. Time is passed in, so that tests control the clock.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";

export const DEFAULT_SESSION_TTL_MS = 60 * 60 * 1000;

const TOKEN_PREFIX = "ptgw_";

export interface Session {
  userId: string;
  expiresAt: Date;
}

export interface NewSession extends Session {
  /** The bearer token: shown once, never stored. */
  token: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A token's shape, checked before any query: prefix and 43 base64url characters. */
export function looksLikeSessionToken(token: string): boolean {
  return /^ptgw_[A-Za-z0-9_-]{43}$/.test(token);
}

export async function createSession(
  db: Kysely<Database>,
  userId: string,
  now: Date,
  ttlMs = DEFAULT_SESSION_TTL_MS,
): Promise<NewSession> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.transaction().execute(async (trx) => {
    // Expired sessions are of no use to anyone: sweep them as new ones are made.
    await trx.deleteFrom("widget_sessions").where("expires_at", "<=", now).execute();
    await trx
      .insertInto("widget_sessions")
      .values({
        token_hash: hashToken(token),
        user_id: userId,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
  });
  return { token, userId, expiresAt };
}

/** The session of a token, if it exists and has not expired at `now`. */
export async function findSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<Session | undefined> {
  if (!looksLikeSessionToken(token)) return undefined;
  const row = await db
    .selectFrom("widget_sessions")
    .select(["user_id", "expires_at"])
    .where("token_hash", "=", hashToken(token))
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row === undefined ? undefined : { userId: row.user_id, expiresAt: row.expires_at };
}

/** Ends a session; false when there was none. */
export async function revokeSession(db: Kysely<Database>, token: string): Promise<boolean> {
  if (!looksLikeSessionToken(token)) return false;
  const result = await db
    .deleteFrom("widget_sessions")
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
