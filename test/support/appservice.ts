/**
 * A small Matrix application service for end-to-end tests, standing in for an IRC bridge such
 * as matrix-appservice-irc (which is not on npm): an HTTP server that Synapse pushes
 * transactions to, with an exclusive user namespace (`@_oftc_.*` by default) of "puppets".
 *
 * What it does is what every appservice can do, no more:
 * - it sees only what Synapse sends it: events in rooms where one of its users is joined, and
 *   invites of its users. A puppet's view (`Puppet.messages`) is further limited to the rooms it
 *   has joined, from its join on, as a real bridge would relay them to one IRC user;
 * - it registers puppets (`m.login.application_service`) and acts as them by masquerading
 *   (`?user_id=` with the appservice token): join, create rooms, invite, send messages;
 * - it joins its puppets to the rooms they are invited to after `autoJoinDelayMs` (as
 *   matrix-appservice-irc does for private messages), or never (`null`).
 *
 * Start it before Synapse (Synapse needs its registration), then `attach` it to the server.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { matrixRequest, type MatrixEvent } from "./matrix-client.js";

/** An appservice registration, as Synapse reads it from `app_service_config_files`. */
export interface AppServiceRegistration {
  id: string;
  url: string;
  as_token: string;
  hs_token: string;
  sender_localpart: string;
  namespaces: {
    users: { exclusive: boolean; regex: string }[];
    aliases: { exclusive: boolean; regex: string }[];
    rooms: { exclusive: boolean; regex: string }[];
  };
  rate_limited: boolean;
}

export interface TestAppServiceOptions {
  /** The registration id; default "oftc". */
  id?: string;
  /** What puppets' localparts start with; default `_<id>_` (matrix.org's OFTC bridge style). */
  userPrefix?: string;
  /** The bridge bot's localpart; default `<id>-irc`. */
  senderLocalpart?: string;
  /** How long a puppet waits before joining a room it is invited to; null: it never does. */
  autoJoinDelayMs?: number | null;
}

/** An event as the appservice received it, with the room it is in. */
export interface AppServiceEvent extends MatrixEvent {
  room_id: string;
}

interface Waiter {
  matches(event: AppServiceEvent): boolean;
  resolve(event: AppServiceEvent): void;
}

const CLIENT_V3 = "/_matrix/client/v3";
const DEFAULT_WAIT_MS = 15_000;
const enc = encodeURIComponent;

export class TestAppService {
  /** Every event received, in the order Synapse sent them. */
  readonly events: AppServiceEvent[] = [];
  /** Requests the appservice could not serve or actions that failed (for assertion messages). */
  readonly problems: string[] = [];
  autoJoinDelayMs: number | null;
  private readonly seenTransactions = new Set<string>();
  private readonly waiters = new Set<Waiter>();
  private readonly puppets = new Map<string, Puppet>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private homeserver: { baseUrl: string; serverName: string } | undefined;

  private constructor(
    private readonly server: Server,
    readonly registration: AppServiceRegistration,
    readonly userPrefix: string,
    autoJoinDelayMs: number | null,
  ) {
    this.autoJoinDelayMs = autoJoinDelayMs;
  }

  /** Listens on a free loopback port; its registration is then ready for Synapse. */
  static async start(options: TestAppServiceOptions = {}): Promise<TestAppService> {
    const id = options.id ?? "oftc";
    const userPrefix = options.userPrefix ?? `_${id}_`;
    // The handler needs the service, which needs the server's port: filled in below.
    const ready: { service?: TestAppService } = {};
    const server = createServer((request, response) => {
      const { service } = ready;
      if (service === undefined) {
        response.writeHead(503).end();
        return;
      }
      service.serve(request, response).catch((error: unknown) => {
        service.problems.push(`serving ${request.url ?? "?"}: ${String(error)}`);
        if (!response.headersSent) response.writeHead(500).end("{}");
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const registration: AppServiceRegistration = {
      id,
      url: `http://127.0.0.1:${port}`,
      as_token: randomBytes(24).toString("hex"),
      hs_token: randomBytes(24).toString("hex"),
      sender_localpart: options.senderLocalpart ?? `${id}-irc`,
      namespaces: {
        users: [{ exclusive: true, regex: `@${escapeRegExp(userPrefix)}.*` }],
        aliases: [],
        rooms: [],
      },
      rate_limited: false,
    };
    const service = new TestAppService(
      server,
      registration,
      userPrefix,
      options.autoJoinDelayMs === undefined ? 0 : options.autoJoinDelayMs,
    );
    ready.service = service;
    return service;
  }

  /** Connects to the homeserver that has the registration. */
  attach(baseUrl: string, serverName: string): void {
    this.homeserver = { baseUrl, serverName };
  }

  /** The bridge bot's user id. */
  get botUserId(): string {
    return `@${this.registration.sender_localpart}:${this.server_()}`;
  }

  /** The Matrix id of an IRC nick's puppet (lower case, as the id grammar wants). */
  puppetId(nick: string): string {
    return `@${this.userPrefix}${nick.toLowerCase()}:${this.server_()}`;
  }

  /** Registers the puppet of `nick` (display name: the nick) and returns it. */
  async puppet(nick: string): Promise<Puppet> {
    const userId = this.puppetId(nick);
    const known = this.puppets.get(userId);
    if (known !== undefined) return known;
    await this.request("POST", "/register", undefined, {
      type: "m.login.application_service",
      username: userId.slice(1, userId.indexOf(":")),
      inhibit_login: true,
    });
    const puppet = new Puppet(this, userId, nick);
    this.puppets.set(userId, puppet);
    await puppet.request("PUT", `/profile/${enc(userId)}/displayname`, { displayname: nick });
    return puppet;
  }

  /** A client-server API request with the appservice token, as `userId` (or the bridge bot). */
  async request<T>(
    method: "GET" | "POST" | "PUT",
    path: string,
    userId: string | undefined,
    body?: unknown,
  ): Promise<T> {
    const { baseUrl } = this.hs();
    return matrixRequest<T>(baseUrl, method, `${CLIENT_V3}${path}`, {
      accessToken: this.registration.as_token,
      query: { user_id: userId },
      body,
    });
  }

  /** The first received event (past or future) that matches; throws after `timeoutMs`. */
  waitForEvent(
    matches: (event: AppServiceEvent) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
    what = "any matching event",
  ): Promise<AppServiceEvent> {
    const found = this.events.find(matches);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        matches,
        resolve: (event) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const recent = this.events
          .slice(-15)
          .map((e) => `${e.room_id} ${e.sender} ${e.type} ${JSON.stringify(e.content)}`)
          .join("\n  ");
        const problems = this.problems.length > 0 ? `\nproblems: ${this.problems.join("; ")}` : "";
        reject(
          new Error(
            `The appservice did not receive ${what} within ${timeoutMs} ms; last events:\n  ${recent}${problems}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private hs(): { baseUrl: string; serverName: string } {
    if (this.homeserver === undefined) throw new Error("The appservice is not attached yet");
    return this.homeserver;
  }

  private server_(): string {
    return this.hs().serverName;
  }

  private authorized(request: IncomingMessage, url: URL): boolean {
    const header = request.headers.authorization;
    const token = header?.startsWith("Bearer ")
      ? header.slice("Bearer ".length)
      : url.searchParams.get("access_token");
    return token === this.registration.hs_token;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://appservice");
    const reply = (status: number, body: unknown): void => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (!this.authorized(request, url)) {
      reply(403, { errcode: "M_FORBIDDEN", error: "Bad hs_token" });
      return;
    }
    const transaction = /^\/_matrix\/app\/v1\/transactions\/([^/]+)$/.exec(url.pathname);
    if (request.method === "PUT" && transaction !== null) {
      const body = await readJson(request);
      const txnId = decodeURIComponent(transaction[1] ?? "");
      // Synapse retries a transaction it got no answer to: take each once.
      if (!this.seenTransactions.has(txnId)) {
        this.seenTransactions.add(txnId);
        const events = isRecord(body) && Array.isArray(body.events) ? body.events : [];
        for (const event of events) if (isEvent(event)) this.receive(event);
      }
      reply(200, {});
      return;
    }
    if (url.pathname.startsWith("/_matrix/app/v1/users/")) {
      // Puppets are registered by the test before use: nobody else exists.
      const userId = decodeURIComponent(url.pathname.slice("/_matrix/app/v1/users/".length));
      reply(this.puppets.has(userId) ? 200 : 404, this.puppets.has(userId) ? {} : notFound);
      return;
    }
    if (url.pathname === "/_matrix/app/v1/ping") {
      reply(200, {});
      return;
    }
    this.problems.push(`unexpected request ${request.method ?? "?"} ${url.pathname}`);
    reply(404, notFound);
  }

  private receive(event: AppServiceEvent): void {
    this.events.push(event);
    const target = event.state_key === undefined ? undefined : this.puppets.get(event.state_key);
    if (event.type === "m.room.member" && target !== undefined) {
      target.onMembership(event);
      if (event.content.membership === "invite") this.scheduleJoin(target, event.room_id);
    }
    for (const puppet of this.puppets.values()) puppet.onEvent(event);
    for (const waiter of [...this.waiters]) if (waiter.matches(event)) waiter.resolve(event);
  }

  private scheduleJoin(puppet: Puppet, roomId: string): void {
    const delay = this.autoJoinDelayMs;
    if (delay === null) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      puppet.join(roomId).catch((error: unknown) => {
        this.problems.push(`${puppet.userId} could not join ${roomId}: ${String(error)}`);
      });
    }, delay);
    this.timers.add(timer);
  }
}

/** One IRC user's Matrix puppet: what it can do, and what it has been shown. */
export class Puppet {
  /** Events in rooms this puppet had joined when they arrived, per room, in order. */
  private readonly visible = new Map<string, AppServiceEvent[]>();
  private readonly joined = new Set<string>();
  private txn = 0;

  constructor(
    private readonly service: TestAppService,
    readonly userId: string,
    readonly nick: string,
  ) {}

  request<T>(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<T> {
    return this.service.request<T>(method, path, this.userId, body);
  }

  async join(roomId: string): Promise<void> {
    await this.request("POST", `/join/${enc(roomId)}`, {});
  }

  async leave(roomId: string): Promise<void> {
    await this.request("POST", `/rooms/${enc(roomId)}/leave`, {});
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.request("POST", `/rooms/${enc(roomId)}/invite`, { user_id: userId });
  }

  /** A direct room with `userId` (invited), as a bridge opens one for a private message. */
  async createDirectRoom(userId: string): Promise<string> {
    const { room_id: roomId } = await this.request<{ room_id: string }>("POST", "/createRoom", {
      preset: "trusted_private_chat",
      is_direct: true,
      invite: [userId],
    });
    return roomId;
  }

  async sendText(roomId: string, body: string): Promise<string> {
    const txnId = `${Date.now().toString(36)}-${String(this.txn++)}`;
    const { event_id: eventId } = await this.request<{ event_id: string }>(
      "PUT",
      `/rooms/${enc(roomId)}/send/m.room.message/${enc(txnId)}`,
      { msgtype: "m.text", body },
    );
    return eventId;
  }

  isJoined(roomId: string): boolean {
    return this.joined.has(roomId);
  }

  /** What this puppet has been shown in `roomId` so far (all rooms when omitted). */
  seen(roomId?: string): AppServiceEvent[] {
    if (roomId !== undefined) return [...(this.visible.get(roomId) ?? [])];
    return [...this.visible.values()].flat();
  }

  /** The first event this puppet is shown (already or later) that matches. */
  waitToSee(
    matches: (event: AppServiceEvent) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
    what = "any matching event",
  ): Promise<AppServiceEvent> {
    return this.service.waitForEvent(
      (event) => this.seen(event.room_id).includes(event) && matches(event),
      timeoutMs,
      `${what} shown to ${this.userId}`,
    );
  }

  /** Waits until this puppet has joined `roomId`. */
  async waitForJoin(roomId: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (this.joined.has(roomId)) return;
    await this.service.waitForEvent(
      (e) =>
        e.room_id === roomId &&
        e.type === "m.room.member" &&
        e.state_key === this.userId &&
        e.content.membership === "join",
      timeoutMs,
      `join of ${this.userId} in ${roomId}`,
    );
  }

  /** Called by the service, in order, before `onEvent` for the same event. */
  onMembership(event: AppServiceEvent): void {
    if (event.content.membership === "join") this.joined.add(event.room_id);
    else this.joined.delete(event.room_id);
  }

  onEvent(event: AppServiceEvent): void {
    if (!this.joined.has(event.room_id)) return;
    const events = this.visible.get(event.room_id) ?? [];
    events.push(event);
    this.visible.set(event.room_id, events);
  }
}

const notFound = { errcode: "M_NOT_FOUND", error: "Not here" };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEvent(value: unknown): value is AppServiceEvent {
  return (
    isRecord(value) &&
    typeof value.room_id === "string" &&
    typeof value.type === "string" &&
    typeof value.sender === "string" &&
    isRecord(value.content)
  );
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? {} : (JSON.parse(text) as unknown);
}
