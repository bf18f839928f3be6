// Which failures are waited out (an unreachable database or homeserver) and which are reported
// at once (bad SQL, a refused token); what /readyz may show of them. Pure logic.
import { describe, expect, it } from "vitest";
import { isHomeserverUnreachable } from "../../bot/sync/sync-client.js";
import {
  isConnectionError,
  shortReason,
  unreachableMessage,
} from "../../shared/db/connection-errors.js";

const withCode = (message: string, code: string): Error =>
  Object.assign(new Error(message), { code });

describe("database failures", () => {
  it("tells an unreachable server from a real error", () => {
    expect(isConnectionError(withCode("connect ECONNREFUSED 10.0.0.5:5432", "ECONNREFUSED"))).toBe(
      true,
    );
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(
      isConnectionError(withCode("terminating connection due to administrator command", "57P01")),
    ).toBe(true);
    expect(isConnectionError(withCode("the database system is starting up", "57P03"))).toBe(true);
    expect(
      isConnectionError(new Error("Migration failed", { cause: withCode("x", "ECONNRESET") })),
    ).toBe(true);
    expect(isConnectionError(withCode('relation "events" does not exist', "42P01"))).toBe(false);
    expect(isConnectionError(withCode("password authentication failed", "28P01"))).toBe(false);
    expect(isConnectionError("ECONNREFUSED")).toBe(false);
  });

  it("shows a short reason without hosts or SQL", () => {
    expect(unreachableMessage(withCode("connect ECONNREFUSED 10.0.0.5:5432", "ECONNREFUSED"))).toBe(
      "The database is not reachable (ECONNREFUSED)",
    );
    expect(shortReason(new Error("Connection terminated due to connection timeout"))).toBe(
      "timed out",
    );
    expect(unreachableMessage(new Error("driver has already been destroyed"))).toBe(
      "The database is not reachable",
    );
  });
});

describe("homeserver failures", () => {
  it("waits out a homeserver that is down, and not one that refuses", () => {
    expect(isHomeserverUnreachable(withCode("connect ECONNREFUSED", "ECONNREFUSED"))).toBe(true);
    expect(isHomeserverUnreachable({ statusCode: 502, body: "Bad Gateway" })).toBe(true);
    expect(isHomeserverUnreachable({ statusCode: 401, body: { errcode: "M_UNKNOWN_TOKEN" } })).toBe(
      false,
    );
    expect(isHomeserverUnreachable({ statusCode: 403, body: { errcode: "M_FORBIDDEN" } })).toBe(
      false,
    );
    expect(
      isHomeserverUnreachable(
        new AggregateError(
          [withCode("socket hang up", "ECONNRESET"), { statusCode: 503 }],
          "2 rooms failed",
        ),
      ),
    ).toBe(true);
    expect(
      isHomeserverUnreachable(
        new AggregateError([withCode("x", "ECONNRESET"), { statusCode: 400 }], "2 rooms failed"),
      ),
    ).toBe(false);
    expect(isHomeserverUnreachable(new Error("This bot instance is standing by"))).toBe(false);
  });
});
