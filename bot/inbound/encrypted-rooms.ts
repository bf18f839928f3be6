// End-to-end encrypted rooms: which rooms the bot is in are encrypted, and what it does in those
// it cannot read (PTG_E2EE=off, or its crypto could not start). It is never silent there
// (issue 27): such a room gets one plain notice saying so and is not bound to an event; a room
// that becomes encrypted after it was bound is unbound, with one notice saying so; each time
// with one warning in the log. A direct chat the bot cannot read is dropped from m.direct, so
// that the person's notifications go to a new, unencrypted direct chat (notify.ts opens one).
//
// A room is known to be encrypted from its state when the bot joins, from an m.room.encryption
// event in its timeline, or, for an m.room.encrypted event in a room not known to be encrypted
// (one joined before this check existed), from its state read once: an m.room.encrypted event
// alone proves nothing, anyone may send one into a plain room. Known rooms are kept in the
// database, so a plain room costs no lookup after a restart.
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { unbindChatRoom } from "../../shared/store/events.js";
import type { BotContext } from "../context.js";
import { isObject, type Json, type RoomEvent } from "../matrix/matrix-events.js";
import { stateContent } from "../rooms/room-state.js";
import { sendMessage, transactionId } from "../delivery/send.js";

/** What the bot says in an encrypted room it cannot read. */
export function encryptedNotice(
  helpUrl: string,
  room: { direct: boolean; unboundFrom: string | undefined },
): string {
  const what = room.direct ? "This chat" : "This room";
  const unbound =
    room.unboundFrom === undefined ? "" : `, so it is no longer bound to event ${room.unboundFrom}`;
  const notifications = room.direct ? " Your notifications will come in another chat." : "";
  return (
    `${what} is end-to-end encrypted and I can't read it yet${unbound}: ` +
    `use an unencrypted room for commands (see ${helpUrl}).${notifications}`
  );
}

/** An m.room.encryption content worth the name: it names an algorithm. */
function isEncryptionContent(content: Json): boolean {
  return typeof content.algorithm === "string" && content.algorithm !== "";
}

export class EncryptedRooms {
  /** Encrypted rooms → their m.room.encryption content. */
  private readonly encrypted = new Map<string, Json>();
  /** Encrypted rooms the bot has told that it cannot read them. */
  private readonly noticed = new Set<string>();
  /** Rooms whose state was read and had no encryption (until an m.room.encryption event). */
  private readonly plain = new Set<string>();

  /**
   * `readable()`: whether the bot can read encrypted rooms (PTG_E2EE on, the crypto loads);
   * `prepare()` starts its crypto, before it joins or reads an encrypted room.
   */
  constructor(
    private readonly readable: () => boolean,
    private readonly prepare: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Whether the bot knows of any encrypted room. */
  get any(): boolean {
    return this.encrypted.size > 0;
  }

  /** Before joining a room whose invite says it is encrypted: the bot's device keys go first. */
  async beforeJoin(invite: { encrypted: boolean }): Promise<void> {
    if (invite.encrypted && this.readable()) await this.prepare();
  }

  /** Reads what the database knows (at start, and when this instance takes over). */
  async load(db: Kysely<Database>): Promise<void> {
    const rows = await db.selectFrom("matrix_encrypted_rooms").selectAll().execute();
    for (const row of rows) {
      this.encrypted.set(row.room_id, isObject(row.encryption) ? row.encryption : {});
      if (row.noticed_at !== null) this.noticed.add(row.room_id);
    }
  }

  isEncrypted(roomId: string): boolean {
    return this.encrypted.has(roomId);
  }

  /** The room's m.room.encryption content, when it is encrypted. */
  settings(roomId: string): Json | undefined {
    return this.encrypted.get(roomId);
  }

  /** Plain messages in a room the bot cannot read are not read either (they must not bind it). */
  ignores(roomId: string): boolean {
    return this.encrypted.has(roomId) && !this.readable();
  }

  /**
   * Right after the bot joined a room: reads whether it is encrypted. True when the bot cannot
   * read it (it said so there): the room is then neither bound nor a direct chat.
   */
  async afterJoin(bot: BotContext, roomId: string, direct = false): Promise<boolean> {
    const content = await stateContent(bot.client, roomId, "m.room.encryption");
    if (content === null || !isEncryptionContent(content)) {
      this.plain.add(roomId);
      return false;
    }
    return this.becameEncrypted(bot, roomId, content, direct);
  }

  /** Follows a timeline, before it is decrypted. */
  async observeAll(bot: BotContext, roomId: string, events: RoomEvent[]): Promise<void> {
    for (const event of events) await this.observe(bot, roomId, event);
  }

  /** Follows the timeline: an m.room.encryption event, or a first m.room.encrypted one. */
  async observe(bot: BotContext, roomId: string, event: RoomEvent): Promise<void> {
    if (event.type === "m.room.encryption" && event.stateKey === "") {
      if (isEncryptionContent(event.content)) {
        await this.becameEncrypted(bot, roomId, event.content);
      }
      return;
    }
    if (
      event.type === "m.room.encrypted" &&
      !this.encrypted.has(roomId) &&
      !this.plain.has(roomId)
    ) {
      await this.afterJoin(bot, roomId);
    }
  }

  /** Forgets a room the bot left (its row stays: a rejoin tells the room again only if bound). */
  forget(roomId: string): void {
    this.plain.delete(roomId);
  }

  private async becameEncrypted(
    bot: BotContext,
    roomId: string,
    content: Json,
    invitedDirect = false,
  ): Promise<boolean> {
    this.plain.delete(roomId);
    if (!this.encrypted.has(roomId)) {
      await bot.db
        .insertInto("matrix_encrypted_rooms")
        .values({ room_id: roomId, encryption: JSON.stringify(content) })
        .onConflict((oc) =>
          oc.column("room_id").doUpdateSet({ encryption: JSON.stringify(content) }),
        )
        .execute();
    }
    this.encrypted.set(roomId, content);
    if (this.readable()) {
      await this.prepare();
      return false;
    }

    const direct = invitedDirect || bot.direct.personIn(roomId) !== undefined;
    if (direct) await bot.direct.remove(roomId);
    const unboundFrom = await unbindChatRoom(bot.db, roomId);
    if (this.noticed.has(roomId) && unboundFrom === undefined) return true;

    const why = unboundFrom === undefined ? "not bound" : `unbound from event ${unboundFrom}`;
    bot.log.warn(
      `${roomId} is end-to-end encrypted and the bot cannot read it (PTG_E2EE); ${why}, ` +
        `the room is told so`,
    );
    const body = encryptedNotice(bot.helpUrl, { direct, unboundFrom });
    // The same notice, resent after a failure, is the same transaction: posted once.
    await sendMessage(
      bot.client,
      roomId,
      { msgtype: "m.notice", body, "m.mentions": {} },
      transactionId(roomId, "encrypted-notice", unboundFrom ?? ""),
    );
    await bot.db
      .updateTable("matrix_encrypted_rooms")
      .set({ noticed_at: new Date() })
      .where("room_id", "=", roomId)
      .execute();
    this.noticed.add(roomId);
    return true;
  }
}
