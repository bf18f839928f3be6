// The console adapter in-process: one reply convention (every reply starts with the nick),
// /event never creates an event by accident, Matrix-only commands say so, /quit ends it.
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { runConsole, type ConsoleEnd } from "../../console/console.js";
import { findEvent } from "../../shared/store/events.js";
import { storeKinds } from "../support/stores.js";
import { useStore } from "../core/support.js";

describe.each(storeKinds())("console (%s)", (kind) => {
  const store = useStore(kind);

  function open(slug: string) {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (d: Buffer) => (text += d.toString()));
    const ended: Promise<ConsoleEnd> = runConsole({
      store: store(),
      eventSlug: slug,
      helpUrl: "https://ptg.example.org/help",
      input,
      output,
    });
    /** Types a line and waits for output matching `expected` after it. */
    const type = async (line: string, expected: RegExp): Promise<string> => {
      const before = text.length;
      input.write(`${line}\n`);
      await vi.waitFor(() => {
        expect(text.slice(before)).toMatch(expected);
      });
      return text.slice(before);
    };
    return { input, type, ended, output: () => text };
  }

  // (A silent success, "admin: OK", is seen in test/cli/start.test.ts, on the demo schedule.)
  it("starts every reply with the nick", async () => {
    const c = open("con-replies");
    await c.type("~add swift", /^admin: /m);
    expect(await c.type("#swift color teal", /\n/)).toBe("admin: Colour of #swift is now teal\n");
    expect(await c.type("#swift now ring placement", /\n/)).toMatch(/^admin: #swift now was set/);
    expect(await c.type("#nope now x", /\n/)).toMatch(/^admin: Unknown track 'nope'/);
    expect(await c.type("~widget", /\n/)).toBe(
      "admin: that only works in a Matrix room (install-widget); nothing was done\n",
    );
    c.input.end("/quit\n");
    expect(await c.ended).toBe("quit");
  });

  it("/event switches only to an event that exists; /event new creates one", async () => {
    const c = open("con-events");
    expect(await c.type("/event con-typo", /\n/)).toBe(
      "No event 'con-typo'. To create it: /event new con-typo\n",
    );
    expect(await findEvent(store().db, "con-typo")).toBeUndefined();
    expect(await c.type("/event new con-fresh", /\n/)).toBe("Created event con-fresh; now on it\n");
    expect(await findEvent(store().db, "con-fresh")).toBeDefined();
    expect(await c.type("/event", /\n/)).toBe("Event: con-fresh\n");
    expect(await c.type("/event new bad!slug", /\n/)).toMatch(/^An event slug has 1 to 64/);
    await c.type("/event new con-other", /now on it/);
    expect(await c.type("/event con-fresh", /\n/)).toBe("Now on event con-fresh\n");
    c.input.end();
    expect(await c.ended).toBe("input-closed");
  });
});
