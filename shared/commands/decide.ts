// Inside the command's transaction: who may do what, and which handler runs.
import { findTrack } from "../store/tracks.js";
import { helpText } from "./help.js";
import type { ParsedMessage } from "./parse.js";
import { toArgs } from "./parse.js";
import { handlers } from "./registry.js";
import {
  answer,
  CommandRefused,
  type CommandContext,
  type HandlerResult,
  type PrepareEnv,
} from "./types.js";

export async function decide(
  ctx: CommandContext,
  parsed: Exclude<ParsedMessage, { kind: "ignore" }>,
  prepared: unknown,
): Promise<HandlerResult> {
  const { actor, event } = ctx;
  switch (parsed.kind) {
    case "help":
      return answer(helpText(ctx.helpUrl));
    case "unknown-user-command":
      throw new CommandRefused("Unknown user command. Should be: in, out, seen, or subscribe");
    case "user": {
      const handler = handlers.user.get(parsed.command);
      if (handler === undefined) throw new CommandRefused(`Unknown command '${parsed.command}'`);
      return handler.run(ctx, toArgs(parsed.rest));
    }
    case "admin": {
      if (actor.powerLevel < event.admin_level)
        throw new CommandRefused("Need op for admin commands");
      const handler = handlers.admin.get(parsed.command);
      if (handler === undefined) throw new CommandRefused(`Unknown command '${parsed.command}'`);
      return handler.run(ctx, toArgs(parsed.rest), prepared);
    }
    case "track": {
      if (event.voice_required && actor.powerLevel < event.voice_level) {
        throw new CommandRefused("Need voice to issue commands");
      }
      const track = await findTrack(ctx.trx, event.id, parsed.track);
      if (track === undefined) throw new CommandRefused(`Unknown track '${parsed.track}'`);
      if (parsed.command === null) {
        throw new CommandRefused(`Missing track command (#${track.name} [now|next|clean...] ...)`);
      }
      const handler = handlers.track.get(parsed.command);
      if (handler === undefined) {
        const sentence = `${parsed.command} ${parsed.rest}`.trim().slice(0, 40);
        throw new CommandRefused(
          `Unknown command '${parsed.command}'. Did you mean: ${track.name} now ${sentence}... ?`,
        );
      }
      return handler.run({ ...ctx, track }, toArgs(parsed.rest));
    }
  }
}

/** The admin handler's slow preparation (outside the transaction), if it has one. */
export async function prepare(
  parsed: ParsedMessage,
  mayAdminister: () => Promise<boolean>,
  env: PrepareEnv,
): Promise<unknown> {
  if (parsed.kind !== "admin") return undefined;
  const handler = handlers.admin.get(parsed.command);
  if (handler?.prepare === undefined || !(await mayAdminister())) return undefined;
  return handler.prepare(toArgs(parsed.rest), env);
}
