// Commands typed in a Matrix room by a moderator, and the checks that the bot applied each one
// exactly once and replied to each one exactly once, whatever happened in between.
import { expect, vi } from "vitest";
import { isStatusMessage, type MatrixClient, type RoomEvent } from "../support/matrix-client.js";
import type { PgCluster } from "../support/pg-cluster.js";

/** Every m.room.message `sender` sent in `roomId`, oldest first (read with /messages). */
export async function messagesFrom(
  reader: MatrixClient,
  roomId: string,
  sender: string,
): Promise<RoomEvent[]> {
  const found: RoomEvent[] = [];
  let from: string | undefined;
  for (;;) {
    const page = await reader.request<{ chunk: RoomEvent[]; end?: string }>(
      "GET",
      `/rooms/${encodeURIComponent(roomId)}/messages`,
      { query: { dir: "b", limit: 500, from } },
    );
    found.push(
      ...page.chunk.filter(
        (e) => e.type === "m.room.message" && e.sender === sender && !isStatusMessage(e),
      ),
    );
    if (page.end === undefined || page.chunk.length === 0) break;
    from = page.end;
  }
  return found.reverse();
}

export class RoomCommands {
  /** The `#track next` items sent so far, in order, with their Matrix event ids. */
  readonly sent: { item: string; eventId: string }[] = [];
  private counter = 0;

  constructor(
    private readonly mod: MatrixClient,
    private readonly roomId: string,
    private readonly track: string,
    private readonly prefix: string,
  ) {}

  /** Sends the next `#track next <prefix>-N`. */
  async send(): Promise<void> {
    const item = `${this.prefix}-${++this.counter}`;
    const eventId = await this.mod.sendText(this.roomId, `#${this.track} next ${item}`);
    this.sent.push({ item, eventId });
  }

  /**
   * Sends `count` commands as the lines of ONE message: the bot runs them one after the other,
   * each with its reply, so it is still busy with them for a while after this returns.
   */
  async sendLines(count: number): Promise<void> {
    const items = Array.from({ length: count }, () => `${this.prefix}-${++this.counter}`);
    const body = items.map((item) => `#${this.track} next ${item}`).join("\n");
    const eventId = await this.mod.sendText(this.roomId, body);
    items.forEach((item, i) => {
      this.sent.push({ item, eventId: i === 0 ? eventId : `${eventId}#${String(i)}` });
    });
  }

  async sendMany(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.send();
  }

  /**
   * Waits until every command sent was applied once, in order, marked delivered, and answered
   * with exactly one reply.
   */
  async expectEachAppliedAndAnsweredOnce(
    cluster: PgCluster,
    botId: string,
    timeoutMs = 120_000,
  ): Promise<void> {
    const items = this.sent.map((s) => s.item);
    const ids = this.sent.map((s) => s.eventId);
    await vi.waitFor(
      async () => {
        const rows = await cluster.query<{ topic: string }>(
          `select n.topic from next_topics n join tracks t on t.id = n.track_id
           where t.name = $1 and n.topic like $2 order by n.position`,
          [this.track, `${this.prefix}-%`],
        );
        expect(rows.map((r) => r.topic)).toEqual(items);
        const logged = await cluster.query<{ message_id: string; delivered: boolean }>(
          "select message_id, delivered from command_log where message_id = any($1) order by id",
          [ids],
        );
        expect(logged).toEqual(ids.map((id) => ({ message_id: id, delivered: true })));
      },
      { timeout: timeoutMs, interval: 250 },
    );
    const replies = (await messagesFrom(this.mod, this.roomId, botId)).filter((e) =>
      String(e.content.body).includes(`#${this.track} next was set`),
    );
    expect(replies).toHaveLength(this.sent.length);
  }
}
