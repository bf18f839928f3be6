// One OpenID token signs in once: after a sign-in, the token's SHA-256 is kept until the token
// expires, and a second sign-in with it is refused. The expiry the client reports is not
// trusted to be short: the hash is kept at least an hour (what homeservers give tokens), at most
// a day. Time is passed in, so that tests control the clock.
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { hashToken } from "./sessions.js";

const MIN_KEEP_MS = 60 * 60 * 1000;
const MAX_KEEP_MS = 24 * 60 * 60 * 1000;

/** How long a used token's hash is kept, from the `expires_in` (seconds) the client reported. */
export function keepUsedTokenMs(expiresInSeconds: number | undefined): number {
  const reported = (expiresInSeconds ?? 0) * 1000;
  return Math.min(MAX_KEEP_MS, Math.max(MIN_KEEP_MS, Number.isFinite(reported) ? reported : 0));
}

/**
 * Marks the token used; false when it already was (and has not expired). The server name is
 * part of the key: two servers may issue the same token string.
 */
export async function claimOpenIdToken(
  db: Kysely<Database>,
  token: { accessToken: string; serverName: string; expiresInSeconds?: number | undefined },
  now: Date,
): Promise<boolean> {
  const tokenHash = hashToken(`${token.serverName.toLowerCase()} ${token.accessToken}`);
  const expiresAt = new Date(now.getTime() + keepUsedTokenMs(token.expiresInSeconds));
  return db.transaction().execute(async (trx) => {
    // Expired entries protect nothing any more: sweep them as new ones are added.
    await trx.deleteFrom("openid_tokens_used").where("expires_at", "<=", now).execute();
    const inserted = await trx
      .insertInto("openid_tokens_used")
      .values({ token_hash: tokenHash, expires_at: expiresAt })
      .onConflict((oc) => oc.column("token_hash").doNothing())
      .returning("token_hash")
      .executeTakeFirst();
    return inserted !== undefined;
  });
}
