// A chat line that names a command whose arguments do not fit it: refused with its `reply`,
// after the same checks as the commands of its scope (so that e.g. an unknown track is named
// first). Built by the chat table (kind.ts's invalidOperation), by the bot for lines it will
// not run, and by widget actions whose body cannot be a command.
import { Refused } from "../context.js";
import type { InvalidOperation, KindDef } from "../kind.js";

export const chatInvalid: KindDef<InvalidOperation, { kind: "chat.invalid" }> = {
  kind: "chat.invalid",
  scope: "carried",
  chat: null,
  help: [
    {
      syntax: "(a command that does not fit)",
      what: "Refused with the command's usage; nothing changes.",
    },
  ],
  run: (_ctx, op) => Promise.reject(new Refused(op.reply)),
  render: () => "",
  changes: () => undefined,
  widget: null,
};
