import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { EventState } from "../../shared/api/event-state.js";
import { applyChange, type StateChange } from "../../shared/api/state-change.js";
import { streamUrl } from "../../shared/api/stream.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { command, serverFor, SLUG, SseClient, storeWithFixture, UNTIL_SEEN } from "./support.js";

describe.each(storeKinds())("GET /api/v1/events/:slug/stream (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let base: string;
  const clients: SseClient[] = [];

  const connect = async (query = "", headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${base}${streamUrl(SLUG)}${query}`, headers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    store = await storeWithFixture(kind);
    app = await serverFor(store, { heartbeatMs: 200 });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("sends the state first, then each change made through a chat command", async () => {
    const client = await connect();
    expect(client.status).toBe(200);
    expect(client.response.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(client.response.headers["access-control-allow-origin"]).toBe("*");
    const first = await client.waitFor(() => true, "the first message");
    expect(first.event).toBe("state");
    let state = JSON.parse(first.data) as EventState;
    expect(first.id).toBe(String(state.version));

    const version = await command(store, "#nova now placement API");
    const message = await client.waitFor((m) => m.event === "change", "a change");
    expect(message.id).toBe(String(version));
    const change = JSON.parse(message.data) as StateChange;
    expect(change).toMatchObject({ from: state.version, version });
    const next = applyChange(state, change);
    expect(next).not.toBeNull();
    state = next as EventState;
    expect(state.tracks.find((t) => t.name === "nova")?.now?.topic).toBe("placement API");

    // What the client built from the changes is the state the API serves.
    const served = (await app.inject(`/api/v1/events/${SLUG}`)).json<EventState>();
    expect(state).toEqual(served);
  });

  it("sends heartbeats", async () => {
    const client = await connect();
    await client.until(() => client.comments.includes("ping"), "a heartbeat");
  });

  it("resumes with Last-Event-ID without missing changes made while disconnected", async () => {
    const client = await connect();
    const first = await client.waitFor((m) => m.event === "state", "the state");
    let state = JSON.parse(first.data) as EventState;
    client.close();

    const versions = [
      await command(store, "#swift now erasure coding"),
      await command(store, "#swift next container sharding"),
      await command(store, "~motd add warning Lunch is at noon"),
    ];
    const last = versions.at(-1) ?? 0;
    // Make sure this process has seen the last change before resuming (no timing involved).
    await vi.waitFor(async () => {
      const res = await app.inject(`/api/v1/events/${SLUG}`);
      expect(res.json<EventState>().version).toBe(last); // the server saw the changes
    }, UNTIL_SEEN);

    const resumed = await connect("", { "last-event-id": String(state.version) });
    await resumed.until(
      () => resumed.messages.some((m) => m.id === String(last)),
      "the last change",
    );
    expect(resumed.messages.every((m) => m.event === "change")).toBe(true);
    for (const message of resumed.messages) {
      const next = applyChange(state, JSON.parse(message.data) as StateChange);
      expect(next).not.toBeNull();
      state = next as EventState;
    }
    expect(state.version).toBe(last);
    expect(state.tracks.find((t) => t.name === "swift")?.next).toEqual(["container sharding"]);
    expect(state.banners.at(-1)).toEqual({ level: "warning", message: "Lunch is at noon" });
  });

  it("resumes with ?lastEventId= too, and sends nothing when the client is current", async () => {
    const current = (await app.inject(`/api/v1/events/${SLUG}`)).json<EventState>();
    const client = await connect(`?lastEventId=${current.version}`);
    expect(client.status).toBe(200);
    const version = await command(store, "#cinder now multi-attach");
    const message = await client.waitFor((m) => m.id === String(version), "the new change");
    expect(client.messages).toEqual([message]);
    expect(JSON.parse(message.data)).toMatchObject({ from: current.version, version });
  });

  it("resumes from the version the page fetched: no state on the wire a second time", async () => {
    // As the widget does: fetch the state (compressed), then open the stream from its version.
    const fetched = await fetch(`${base}/api/v1/events/${SLUG}`, {
      headers: { "accept-encoding": "br, gzip" },
    });
    expect(fetched.headers.get("content-encoding")).toBe("br");
    let state = (await fetched.json()) as EventState;
    const client = await connect(`?lastEventId=${state.version}`);
    expect(client.status).toBe(200);
    // The first thing it gets is the version it has, as an id without data (EventSource keeps
    // it for Last-Event-ID) so that a reconnection resumes from there too.
    await client.until(() => client.raw.includes(`id: ${state.version}\n\n`), "the version id");
    const version = await command(store, "#glance now image import");
    const message = await client.waitFor((m) => m.id === String(version), "the change");
    expect(client.messages.map((m) => m.event)).toEqual(["change"]);
    expect(client.raw).not.toContain("event: state");
    state = applyChange(state, JSON.parse(message.data) as StateChange) ?? state;
    expect(state.version).toBe(version);
    const served = (await app.inject(`/api/v1/events/${SLUG}`)).json<EventState>();
    expect(state).toEqual(served);
  });

  it("prefers the Last-Event-ID header to the query (a reconnecting EventSource keeps its URL)", async () => {
    const start = (await app.inject(`/api/v1/events/${SLUG}`)).json<EventState>().version;
    const first = await command(store, "#keystone now federation");
    const second = await command(store, "#keystone next token formats");
    await vi.waitFor(async () => {
      const res = await app.inject(`/api/v1/events/${SLUG}`);
      expect(res.json<EventState>().version).toBe(second); // the server saw the changes
    }, UNTIL_SEEN);
    const client = await connect(`?lastEventId=${start}`, { "last-event-id": String(first) });
    await client.waitFor((m) => m.id === String(second), "the last change");
    expect(client.messages.map((m) => m.id)).toEqual([String(second)]);
  });

  it("sends the whole state when it cannot resume from the client's version", async () => {
    const current = (await app.inject(`/api/v1/events/${SLUG}`)).json<EventState>();
    for (const lastEventId of ["0", "not-a-number"]) {
      const client = await connect("", { "last-event-id": lastEventId });
      const first = await client.waitFor(() => true, "the first message");
      expect(first.event).toBe("state");
      expect(JSON.parse(first.data)).toEqual(current);
    }
  });

  it("answers 400 for a malformed lastEventId and 404 for an unknown event", async () => {
    const bad = await app.inject(`${streamUrl(SLUG)}?lastEventId=abc`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: "bad_request" } });
    const unknown = await app.inject(streamUrl("no-such-event"));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: "event_not_found" } });
  });
});

describe.each(storeKinds())("live stream limits and shutdown (%s)", (kind) => {
  let store: TestStore;

  beforeAll(async () => {
    store = await storeWithFixture(kind);
  });
  afterAll(async () => {
    await store.close();
  });

  it("refuses streams over the per-client cap with 429", async () => {
    const app = await serverFor(store, { limits: { streamsPerClient: 2 } });
    const base = await app.listen({ host: "127.0.0.1", port: 0 });
    const open: SseClient[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const client = await SseClient.open(`${base}${streamUrl(SLUG)}`);
        open.push(client);
        expect(client.status).toBe(200);
      }
      const refused = await SseClient.open(`${base}${streamUrl(SLUG)}`);
      open.push(refused);
      expect(refused.status).toBe(429);
      expect(JSON.parse(await refused.text())).toMatchObject({
        error: { code: "too_many_streams" },
      });

      // Closing one frees its place.
      open[0]?.close();
      const again = await vi.waitFor(async () => {
        const client = await SseClient.open(`${base}${streamUrl(SLUG)}`);
        open.push(client);
        expect(client.status).toBe(200); // a free place
        return client;
      }, UNTIL_SEEN);
      expect(again.status).toBe(200);
    } finally {
      for (const client of open) client.close();
      await app.close();
    }
  });

  it("rate-limits stream connections when configured to", async () => {
    const app = await serverFor(store, { limits: { streamConnectsPerWindow: 1 } });
    try {
      const first = await app.inject({ url: streamUrl("no-such-event") });
      expect(first.statusCode).toBe(404);
      const second = await app.inject({ url: streamUrl("no-such-event") });
      expect(second.statusCode).toBe(429);
      expect(second.json()).toMatchObject({ error: { code: "rate_limited" } });
      expect(second.headers["retry-after"]).toBeDefined();
    } finally {
      await app.close();
    }
  });

  it("ends every stream when the server closes", async () => {
    const app = await serverFor(store);
    const base = await app.listen({ host: "127.0.0.1", port: 0 });
    const client = await SseClient.open(`${base}${streamUrl(SLUG)}`);
    try {
      await client.waitFor((m) => m.event === "state", "the state");
      await app.close();
      await client.until(() => client.ended, "the stream to end");
      expect(client.ended).toBe(true);
    } finally {
      client.close();
    }
  });
});
