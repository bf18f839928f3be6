import { describe, expect, it } from "vitest";
import { parseNotification } from "../../server/live/change-notes.js";

describe("parseNotification", () => {
  it("reads the slug, the version and the scope", () => {
    expect(
      parseNotification(
        JSON.stringify({ slug: "e", version: 3, scope: { tracks: ["nova"], parts: ["rooms"] } }),
      ),
    ).toEqual({ slug: "e", version: 3, scope: { tracks: ["nova"], parts: ["rooms"] } });
    expect(parseNotification(JSON.stringify({ slug: "e", version: 3, scope: {} }))).toEqual({
      slug: "e",
      version: 3,
      scope: { tracks: undefined, parts: undefined },
    });
  });

  it("treats a missing or malformed scope as unknown (read everything)", () => {
    for (const scope of [undefined, null, 1, { tracks: "nova" }, { parts: ["nope"] }]) {
      expect(parseNotification(JSON.stringify({ slug: "e", version: 3, scope }))).toEqual({
        slug: "e",
        version: 3,
        scope: undefined,
      });
    }
  });

  it("ignores what is not a change notification", () => {
    for (const payload of ["", "nope", "[]", "null", JSON.stringify({ slug: "e" })]) {
      expect(parseNotification(payload)).toBeNull();
    }
  });
});
