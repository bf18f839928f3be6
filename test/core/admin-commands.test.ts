// Admin commands (~COMMAND …) and who may run what, on every store.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BANNERS } from "../../shared/domain/validate.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { storeKinds } from "../support/stores.js";
import {
  FIXTURE,
  MONDAY,
  TestEvent,
  alice,
  bob,
  fixtureEvent,
  mondayAt,
  op,
  plainEvent,
  sharedEvent,
  useStore,
  voiced,
} from "./support.js";

/** A web server for ~fetchdb: path → [status, content type, body]; counts the requests. */
function documentServer(documents: Record<string, [number, string, string]>) {
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests++;
    const [status, type, body] = documents[request.url ?? ""] ?? [404, "text/plain", "no"];
    response.writeHead(status, { "content-type": type }).end(body);
  });
  return {
    start: () => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
    url: (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    requests: () => requests,
  };
}

const banners = async (ev: TestEvent) => (await ev.state()).banners;

describe.each(storeKinds())("admin commands (%s)", (kind) => {
  const store = useStore(kind);
  const fixture = () => fixtureEvent(store().db);
  // Refused commands change nothing (each test checks that), so they share one event.
  const refusing = sharedEvent(async () => {
    const ev = await fixture();
    await ev.ok("#swift now keep me");
    await ev.ok("#swift next and me");
    await ev.ok("~motd add info one");
    await ev.ok("~motd add warning two");
    return ev;
  });

  describe("who may", () => {
    it.each([
      [alice, "~list"],
      [voiced, "~newday"],
      [{ ...op, powerLevel: 49 }, "~emptydb"],
      [alice, "~m"],
    ])("refuses %o: %s", async (actor, text) => {
      const ev = refusing();
      expect(await ev.refused(text, { actor })).toBe("Need op for admin commands");
    });

    it("accepts an op at the admin level (50, as IRC ops arrive)", async () => {
      const ev = await fixture();
      expect(await ev.reply("~add newtrack", { actor: op })).toContain("newtrack");
    });

    it("reads the admin and voice levels from the event's settings", async () => {
      const ev = await fixture();
      await ev.db
        .updateTable("event_settings")
        .set({ admin_level: 75, voice_level: 10 })
        .where("event_id", "=", await ev.id())
        .execute();
      expect(await ev.refused("~requirevoice", { actor: op })).toBe("Need op for admin commands");
      await ev.ok("~requirevoice", { actor: { ...op, powerLevel: 75 } });
      expect(await ev.refused("#swift now x", { actor: { ...voiced, powerLevel: 9 } })).toBe(
        "Need voice to issue commands",
      );
      await ev.ok("#swift now x", { actor: { ...voiced, powerLevel: 10 } });
    });

    it("refuses an unknown admin command", async () => {
      const ev = refusing();
      expect(await ev.refused("~m")).toBe("Unknown command 'm'");
    });
  });

  describe("~requirevoice and ~alloweveryone", () => {
    it("makes track commands need voice, then lets everyone again", async () => {
      const ev = await fixture();
      await ev.ok("~requirevoice");
      expect((await ev.state()).voiceRequired).toBe(true);
      expect((await ev.exported()).voice).toBe(1);

      expect(await ev.refused("#swift now from alice", { actor: alice })).toBe(
        "Need voice to issue commands",
      );
      await ev.ok("#swift now from a voiced user", { actor: voiced });
      expect((await ev.track("swift")).now?.topic).toBe("from a voiced user");

      await ev.ok("~alloweveryone");
      expect((await ev.state()).voiceRequired).toBe(false);
      await ev.ok("#swift now from alice", { actor: alice });
      expect((await ev.track("swift")).now?.topic).toBe("from alice");
    });

    it("still gives the help to everyone", async () => {
      const ev = await fixture();
      await ev.ok("~requirevoice");
      await ev.ok("#help", { actor: alice });
    });
  });

  describe("~list", () => {
    it("lists the tracks", async () => {
      const ev = await fixture();
      const outcome = await ev.ok("~list");
      expect(outcome.reply).toBe(`Available tracks: ${[...FIXTURE.tracks].sort().join(" ")}`);
      expect(outcome.version).toBeNull();
    });

    it("says when there are none", async () => {
      const ev = await plainEvent(store().db);
      expect(await ev.reply("~list")).toMatch(/no tracks/);
    });
  });

  describe("~add", () => {
    it("adds tracks, lower-cased", async () => {
      const ev = await plainEvent(store().db, ["nova"]);
      expect(await ev.reply("~add Swift cinder #Manila")).toBe("Added tracks: swift cinder manila");
      expect((await ev.state()).tracks.map((t) => t.name)).toEqual([
        "cinder",
        "manila",
        "nova",
        "swift",
      ]);
      expect(await ev.reply("~list")).toBe("Available tracks: cinder manila nova swift");
    });

    it.each([
      ["~add", "This command takes one or more arguments"],
      ["~add newone nova", "Track already exists: nova"],
      ["~add newone bad'name", "is not a valid track name"],
      ["~add javascript:alert(1)", "is not a valid track name"],
      [`~add ${"a".repeat(65)}`, "is not a valid track name"],
      ["~add newone in", "'in' cannot be a track name: '#in' is a user command"],
      ["~add Help", "'help' cannot be a track name"],
    ])("refuses %j as a whole", async (text, expected) => {
      expect(await refusing().refused(text)).toContain(expected);
    });
  });

  describe("~del", () => {
    it("removes tracks and frees their bookings", async () => {
      const ev = await fixture();
      await ev.ok("#swift now bye");
      expect(await ev.reply("~del swift #K8S-SIG")).toContain("swift");
      const state = await ev.state();
      expect(state.tracks.map((t) => t.name)).not.toContain("swift");
      expect(state.tracks.map((t) => t.name)).not.toContain("k8s-sig");
      expect(state.tracks).toHaveLength(FIXTURE.tracks.length - 2);
      expect(await ev.booking("Ballroom C", "MonA1")).toBeNull();
      expect(await ev.booking("Ballroom A", "MonA1")).toBeNull();
      expect(await ev.booking("Ballroom A", "MonP1")).toBe("nova");
      await ev.refused("#swift now back");
    });

    it.each([
      ["~del", "This command takes one or more arguments"],
      ["~del swift nosuch", "Unknown track: nosuch"],
    ])("refuses %j as a whole", async (text, expected) => {
      const ev = refusing();
      expect(await ev.refused(text)).toBe(expected);
    });
  });

  describe("~clean", () => {
    it("removes those tracks' now and next only (~clean and ~clear)", async () => {
      const ev = await fixture();
      for (const track of ["swift", "nova", "cinder"]) {
        await ev.ok(`#${track} now a`);
        await ev.ok(`#${track} next b`);
      }
      expect(await ev.reply("~clean swift nova")).toContain("swift");
      for (const track of ["swift", "nova"]) {
        const t = await ev.track(track);
        expect([t.now, t.next]).toEqual([null, []]);
      }
      const cinder = await ev.track("cinder");
      expect([cinder.now?.topic, cinder.next]).toEqual(["a", ["b"]]);

      await ev.ok("~clear cinder");
      expect((await ev.track("cinder")).now).toBeNull();
    });

    it.each([
      ["~clean", "This command takes one or more arguments"],
      ["~clean swift nosuch", "Unknown track: nosuch"],
    ])("refuses %j as a whole", async (text, expected) => {
      const ev = refusing();
      expect(await ev.refused(text)).toBe(expected);
    });
  });

  describe("~newday", () => {
    it("clears all now, next, locations and check-ins, and keeps the rest", async () => {
      const ev = await fixture();
      await ev.ok("#swift now a", { now: MONDAY });
      await ev.ok("#swift next b");
      await ev.ok("#nova location the bar");
      await ev.ok("#nova color teal");
      await ev.ok("+in #swift", { actor: alice, now: mondayAt(10) });
      await ev.ok("+subscribe swift", { actor: bob });
      await ev.ok("~motd add info Welcome");
      expect((await ev.track("swift")).location).toBe("Ballroom C");

      expect(await ev.reply("~newday")).not.toBe("");
      const state = await ev.state();
      for (const track of state.tracks) {
        expect([track.now, track.next, track.location, track.checkedIn]).toEqual([
          null,
          [],
          null,
          [],
        ]);
      }
      expect(await ev.reply("+seen alice")).toBe("alice never checked in anywhere");
      expect(await ev.reply("+subscribe", { actor: bob })).toBe(
        "Your current subscription regex is: swift",
      );
      expect((await ev.track("nova")).color).toBe("teal");
      expect(state.banners).toEqual([{ level: "info", message: "Welcome" }]);
      expect(await ev.booking("Ballroom C", "MonA1")).toBe("swift");
    });
  });

  describe("~motd", () => {
    it("adds banners of every level, in order", async () => {
      const ev = await fixture();
      expect(await ev.reply("~motd add info Welcome to the  PTG!")).toContain(
        "Welcome to the  PTG!",
      );
      await ev.ok("~motd add success Lunch is served");
      await ev.ok("~motd ADD warning Room change for #swift");
      await ev.ok("~motd add danger Fire drill at 3pm");
      expect(await banners(ev)).toEqual([
        { level: "info", message: "Welcome to the  PTG!" },
        { level: "success", message: "Lunch is served" },
        { level: "warning", message: "Room change for #swift" },
        { level: "danger", message: "Fire drill at 3pm" },
      ]);
    });

    it("deletes the Nth banner", async () => {
      const ev = await fixture();
      for (const n of ["one", "two", "three"]) await ev.ok(`~motd add info ${n}`);
      await ev.ok("~motd del 2");
      expect((await banners(ev)).map((b) => b.message)).toEqual(["one", "three"]);
      await ev.ok("~motd del 1");
      expect((await banners(ev)).map((b) => b.message)).toEqual(["three"]);
    });

    it("reorders, dropping the banners not listed", async () => {
      const ev = await fixture();
      for (const n of ["one", "two", "three"]) await ev.ok(`~motd add info ${n}`);
      await ev.ok("~motd reorder 3 1");
      expect((await banners(ev)).map((b) => b.message)).toEqual(["three", "one"]);
    });

    it(`refuses a banner beyond ${MAX_BANNERS}`, async () => {
      const ev = await fixture();
      await importIntoEvent(ev.db, ev.slug, {
        motd: Array.from({ length: MAX_BANNERS }, (_, i) => ({ level: "info", message: `${i}` })),
      });
      expect(await ev.refused("~motd add info one too many")).toContain(`${MAX_BANNERS}`);
      await ev.ok("~motd del 1");
      await ev.ok("~motd add info now it fits");
      expect((await banners(ev)).at(-1)?.message).toBe("now it fits");
    });

    it("removes all banners (clean and clear)", async () => {
      const ev = await fixture();
      await ev.ok("~motd add info one");
      await ev.ok("~motd clean");
      expect(await banners(ev)).toEqual([]);
      await ev.ok("~motd add info two");
      await ev.ok("~motd clear");
      expect(await banners(ev)).toEqual([]);
    });

    it.each([
      ["~motd", "Missing subcommand (~motd add|del|clean|reorder ...)"],
      ["~motd foo", "Unknown motd subcommand foo"],
      ["~motd add", "Missing parameters (~motd add LEVEL MSG)"],
      ["~motd add info", "Missing parameters (~motd add LEVEL MSG)"],
      [
        "~motd add foo Hello",
        "Incorrect message level 'foo' (should be info, success, warning or danger)",
      ],
      ["~motd del", "Missing message number (~motd del NUM)"],
      ["~motd del 999", "Incorrect message number 999"],
      ["~motd del 0", "Incorrect message number 0"],
      ["~motd del 3", "Incorrect message number 3"],
      ["~motd del two", "Incorrect message number two"],
      ["~motd reorder", "Missing params (~motd reorder X Y...)"],
      ["~motd reorder 2 999", "Incorrect message number 999"],
      ["~motd reorder 1 1", "Incorrect message number 1"],
      ["~motd clean now", "'~motd clean' does not take parameters"],
    ])("refuses %j", async (text, expected) => {
      const ev = refusing();
      expect(await ev.refused(text)).toBe(expected);
    });
  });

  describe("~emptydb", () => {
    it("resets the event to an empty schedule", async () => {
      const ev = await fixture();
      await ev.ok("#swift now a");
      await ev.ok("~motd add info hi");
      await ev.ok("~requirevoice");
      await ev.ok("+in #swift", { actor: alice });
      await ev.ok("+subscribe swift", { actor: alice });

      expect(await ev.reply("~emptydb")).toContain(ev.slug);
      const state = await ev.state();
      expect(state).toMatchObject({
        slug: ev.slug,
        voiceRequired: false,
        banners: [],
        links: [],
        tracks: [],
        days: [],
        rooms: [],
      });
      expect(await ev.reply("~list")).toMatch(/no tracks/);
      expect(await ev.reply("+subscribe", { actor: alice })).toBe(
        "You don't have a subscription regex set yet",
      );
      expect(await ev.reply("+seen alice")).toBe("alice never checked in anywhere");
    });

    it("leaves other events alone", async () => {
      const ev = await fixture();
      const other = await fixture();
      const before = await other.snapshot();
      await ev.ok("~emptydb");
      expect(await other.snapshot()).toEqual(before);
    });
  });

  describe("~name", () => {
    it("shows and sets the event's display name, which the state carries", async () => {
      const ev = await fixture();
      expect(await ev.reply("~name")).toBe(`This event is called ${ev.slug}`);
      const outcome = await ev.ok("~name Denver PTG (Stein)");
      expect(outcome.reply).toBe("This event is now called Denver PTG (Stein)");
      expect((await ev.state()).name).toBe("Denver PTG (Stein)");
      expect(await ev.reply("~name")).toBe("This event is called Denver PTG (Stein)");
    });

    it("refuses a name over 100 characters", async () => {
      expect(await refusing().refused(`~name ${"x".repeat(101)}`)).toContain("too long");
    });

    it("is for admins only", async () => {
      const ev = await fixture();
      expect(await ev.refused("~name Mine", { actor: alice })).toBe("Need op for admin commands");
    });
  });

  describe("~event", () => {
    const countEvents = async (ev: TestEvent, slug: string) =>
      (
        await ev.db
          .selectFrom("events")
          .innerJoin("event_settings", "event_settings.event_id", "events.id")
          .select("events.id")
          .where("slug", "=", slug)
          .execute()
      ).length;
    const boundTo = async (ev: TestEvent) =>
      (
        await ev.db
          .selectFrom("event_rooms")
          .innerJoin("events", "events.id", "event_rooms.event_id")
          .select("events.slug")
          .where("chat_room_id", "=", ev.chatRoomId)
          .executeTakeFirst()
      )?.slug;

    it("says which event the room is bound to", async () => {
      const ev = await fixture();
      const outcome = await ev.ok("~event");
      expect(outcome.reply).toContain(ev.slug);
      expect(outcome.version).toBeNull();
    });

    it("rebinds the room to another event, creating it, and back", async () => {
      const ev = await fixture();
      const slug = `${ev.slug}-other`;
      expect(await ev.reply(`~event ${slug}`)).toContain(slug);
      expect(await boundTo(ev)).toBe(slug);
      expect(await countEvents(ev, slug)).toBe(1);
      const other = new TestEvent(ev.db, slug, ev.chatRoomId);
      expect(await other.reply("~event")).toContain(slug);
      expect((await other.state()).tracks).toEqual([]);

      await other.ok(`~event ${ev.slug}`);
      expect(await boundTo(ev)).toBe(ev.slug);
      expect(await countEvents(ev, ev.slug)).toBe(1);
      expect((await ev.state()).tracks).toHaveLength(FIXTURE.tracks.length);
    });

    it.each(["~event a b", "~event bad/slug", "~event -dash", `~event ${"a".repeat(65)}`])(
      "refuses %j",
      async (text) => {
        const ev = refusing();
        expect(await ev.refused(text)).toMatch(/^Usage: ~event SLUG/);
      },
    );

    it("refuses to bind when there is no chat room", async () => {
      const ev = refusing();
      expect(await ev.refused("~event elsewhere", { chatRoomId: null })).toBe(
        "Only a chat room can be bound to an event",
      );
    });
  });

  describe("~widget", () => {
    it("asks the adapter to install the widget, changing nothing", async () => {
      const ev = await fixture();
      const version = await ev.version();
      const outcome = await ev.ok("~widget");
      expect(outcome.effects).toEqual([{ type: "install-widget" }]);
      expect(outcome.version).toBeNull();
      expect(await ev.version()).toBe(version);
    });

    it("refuses when there is no chat room", async () => {
      const ev = refusing();
      expect(await ev.refused("~widget", { chatRoomId: null })).toContain("chat room");
    });
  });

  describe("~fetchdb", () => {
    const web = documentServer({
      "/ptg.json": [200, "application/json", JSON.stringify(FIXTURE)],
      "/bad.json": [200, "application/json", JSON.stringify({ tracks: "nova" })],
      "/broken.json": [200, "application/json", "{ not json"],
      "/page.html": [200, "text/html", "<html></html>"],
    });
    beforeAll(web.start);
    afterAll(web.stop);

    it("loads the event from a PTGbot document at a URL", async () => {
      const ev = await plainEvent(store().db, ["nova"]);
      expect(await ev.reply(`~fetchdb ${web.url("/ptg.json")}`)).toContain(ev.slug);
      const state = await ev.state();
      expect(state.slug).toBe(ev.slug);
      expect(state.tracks).toHaveLength(FIXTURE.tracks.length);
      expect(state.rooms).toHaveLength(Object.keys(FIXTURE.schedule).length);
      expect(await ev.booking("Vail", "TueP2")).toBe("swift");
    });

    it.each(["/missing.json", "/bad.json", "/broken.json", "/page.html"])(
      "refuses %s with 'Error loading DB' and changes nothing",
      async (path) => {
        const ev = refusing();
        expect(await ev.refused(`~fetchdb ${web.url(path)}`)).toMatch(/^Error loading DB: ./);
      },
    );

    it.each(["~fetchdb", "~fetchdb javascript:alert(1)", "~fetchdb a b"])(
      "refuses %j",
      async (text) => {
        const ev = refusing();
        expect(await ev.refused(text)).toMatch(/^Error loading DB: ./);
      },
    );

    it("refuses a private or local address unless the adapter allows it, and fetches nothing", async () => {
      const ev = refusing();
      const requests = web.requests();
      expect(
        await ev.refused(`~fetchdb ${web.url("/ptg.json")}`, { allowPrivateFetch: false }),
      ).toMatch(
        /^Error loading DB: 127\.0\.0\.1:\d+ is a private or local address; the bot only fetches from public hosts$/,
      );
      expect(web.requests()).toBe(requests);
    });

    it("does not even fetch for someone who is not an op", async () => {
      const ev = refusing();
      const requests = web.requests();
      expect(await ev.refused(`~fetchdb ${web.url("/ptg.json")}`, { actor: alice })).toBe(
        "Need op for admin commands",
      );
      expect(web.requests()).toBe(requests);
    });
  });
});
