// The Matrix user-id grammar (`@localpart:server`), for what other servers tell us: a user id
// from a homeserver's OpenID answer is stored and shown, so it must be one a homeserver may
// issue. The localpart uses the specification's user-id characters (a-z, 0-9, `._=-/+`), the
// server part is a server name (server-name.ts), and the whole id is at most 255 bytes. Pure.
import { parseServerName, type ServerName } from "./server-name.js";

export const MAX_USER_ID_BYTES = 255;

const LOCALPART = /^[a-z0-9._=\-/+]+$/;

export interface UserId {
  localpart: string;
  server: ServerName;
}

/** The parts of a user id, or null when it does not follow the grammar. */
export function parseUserId(value: string): UserId | null {
  if (Buffer.byteLength(value, "utf8") > MAX_USER_ID_BYTES) return null;
  const match = /^@([^:]+):(.+)$/.exec(value);
  if (match === null) return null;
  const [, localpart = "", serverPart = ""] = match;
  if (!LOCALPART.test(localpart)) return null;
  // parseServerName trims and lower-cases; a user id carries neither blanks nor capitals there.
  if (serverPart !== serverPart.trim().toLowerCase()) return null;
  const server = parseServerName(serverPart);
  return server === null ? null : { localpart, server };
}
