import { CommandRefused, type AdminHandler } from "../types.js";

/** `~widget`: (re)installs the event's widget in the room; the chat adapter does the work. */
export const widget: AdminHandler = {
  kind: "admin",
  names: ["widget"],
  run(ctx) {
    if (ctx.chatRoomId === null) {
      return Promise.reject(new CommandRefused("The widget can only be installed in a chat room"));
    }
    return Promise.resolve({ reply: "", changed: false, effects: [{ type: "install-widget" }] });
  },
};
