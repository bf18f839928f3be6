// The chat-facing wrapper around the core: text → operation (parsed once) → execute. The bot
// parses when it routes a message and calls execute itself; the console, tests and tools that
// hold chat text call runCommand.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { Actor } from "../operations/context.js";
import type { Destination } from "../domain/destination.js";
import { execute, type Outcome } from "../operations/execute.js";
import { chatOperation } from "./chat-operation.js";
import type { Venue } from "./parse.js";

export interface CommandInput {
  /** Unique per message (the Matrix event id): what makes a redelivered message a no-op. */
  messageId: string;
  /** The event the chat room is bound to. */
  eventSlug: string;
  chatRoomId: string | null;
  venue: Venue;
  actor: Actor;
  text: string;
  now?: Date;
  /** Where the reply goes through the outbox (default: nowhere; the caller shows it). */
  replyTo?: Destination | null;
}

export interface CommandOptions {
  helpUrl: string;
  /** May `~fetchdb` fetch from loopback/private addresses? Default false (chat input). */
  allowPrivateFetch?: boolean;
  bridgedUsers?: RegExp | null;
  /** The Jitsi server of `#TRACK url jitsi` (PTG_JITSI_URL). */
  jitsiUrl?: string | null;
  /** Told of unexpected failures (the sender only hears that nothing was changed). Default: stderr. */
  onError?: (error: unknown) => void;
}

const reportError = (error: unknown): void => {
  console.error("A command failed:", error);
};

export async function runCommand(
  db: Kysely<Database>,
  input: CommandInput,
  options: CommandOptions,
): Promise<Outcome> {
  const parsed = chatOperation(input.text, input.venue);
  if (parsed.kind === "ignore") return { status: "ignored" };
  const { value: _value, ...outcome } = await execute(
    db,
    parsed.operation,
    input.actor,
    {
      commandId: input.messageId,
      eventSlug: input.eventSlug,
      chatRoomId: input.chatRoomId,
      replyTo: input.replyTo ?? null,
      text: input.text,
      ...(input.now === undefined ? {} : { now: input.now }),
    },
    {
      helpUrl: options.helpUrl,
      allowPrivateFetch: options.allowPrivateFetch ?? false,
      ...(options.bridgedUsers === undefined ? {} : { bridgedUsers: options.bridgedUsers }),
      jitsiUrl: options.jitsiUrl ?? null,
      onError: options.onError ?? reportError,
    },
  );
  return outcome;
}
