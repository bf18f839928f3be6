// Where a message an operation causes must go. The core writes each one as an outbox row in the
// operation's transaction; the adapter named by the destination delivers it (bot/delivery/outbox.ts
// for every `matrix.*` row, whatever the command's source; the console for its own rows).

/** Someone a reply in a shared room is addressed to. */
export interface Addressee {
  userId: string;
  nick: string;
}

export type Destination =
  /** A Matrix room: the reply to a command said there (addressed to its sender, unless a DM). */
  | {
      kind: "matrix.room";
      roomId: string;
      to: Addressee | null;
      /** The command's Matrix event: the reply is a Matrix reply to it (survives restarts). */
      inReplyTo?: string;
    }
  /** A Matrix user's direct chat with the bot (opened when there is none). */
  | { kind: "matrix.dm"; userId: string }
  /**
   * A user bridged from IRC, who cannot receive direct messages: told in a room of the event
   * where they are (`near`, the command's room, when they are there).
   */
  | { kind: "matrix.bridged"; userId: string; eventSlug: string; near: string | null }
  /** An operator's console session. */
  | { kind: "console"; session: string; nick: string };

/** Which adapter delivers a destination's rows. */
export const adapterOf = (destination: Destination): "matrix" | "console" =>
  destination.kind === "console" ? "console" : "matrix";

/** What an outbox row carries. */
export type OutboxMessage =
  | { kind: "text"; text: string }
  /** Install the event's widget in the destination's room, then say how that went. */
  | { kind: "install-widget"; eventSlug: string }
  /** Show the track's status in the destination's room's topic (bot/delivery/track-topic.ts). */
  | { kind: "track-topic"; eventSlug: string; track: string }
  /** Keep the destination's pinned status message in step with the event (bot/delivery/room-status.ts). */
  | { kind: "room-status"; eventSlug: string };

const MATRIX_USER_ID = /^@[^:\s]+:\S+$/;

/**
 * Where a subscriber's notification goes: Matrix users get it from the bot (bridged users in a
 * room of the event); people known only by nick (imported from PTGbot) cannot be reached.
 */
export function notificationDestination(
  personKey: string,
  context: { bridgedUsers: RegExp | null; eventSlug: string; chatRoomId: string | null },
): Destination | null {
  if (!MATRIX_USER_ID.test(personKey)) return null;
  if (context.bridgedUsers?.test(personKey) === true) {
    return {
      kind: "matrix.bridged",
      userId: personKey,
      eventSlug: context.eventSlug,
      near: context.chatRoomId,
    };
  }
  return { kind: "matrix.dm", userId: personKey };
}
