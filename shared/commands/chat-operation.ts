// Turns a chat line into the operation it asks for, once. Pure: no I/O. Arguments that do not
// fit a command give a `chat.invalid` operation: the core refuses it after the checks of the
// command's scope (voice, track, admin), so that the sender hears the same things in the same
// order as PTGbot's users did.
//
// A line is first held to the input rules (shared/domain/input-rules.ts): a command line that
// is too long, or holds NUL, other control characters or broken Unicode, is refused with one
// short reply whoever sends it, before it is parsed; tabs and line breaks become spaces. Every
// reply quotes at most an excerpt of what was typed.
import { BANNER_LEVELS, type BannerLevel } from "../api/event-state.js";
import {
  LENGTH_LIMITS,
  badCharacter,
  cleanLine,
  excerpt,
  lineProblem,
} from "../domain/input-rules.js";
import { SLUG_RULE } from "../domain/slug.js";
import type { Operation, Scope } from "../operations/operation.js";
import { parseRoomSlot } from "../store/bookings.js";
import { parseMessage, stripReplyFallback, toArgs, type Venue } from "./parse.js";

export type ChatCommand = { kind: "ignore" } | { kind: "operation"; operation: Operation };

const invalid = (scope: Scope, reply: string): Operation => ({
  kind: "chat.invalid",
  scope,
  reply,
});
const ADMIN: Scope = { kind: "admin" };
const ANYONE: Scope = { kind: "anyone" };

interface Args {
  words: string[];
  text: string;
}

function userOperation(command: string, args: Args): Operation {
  switch (command) {
    case "in":
      return { kind: "presence.checkIn", place: args.text };
    case "out":
      return args.words.length > 0
        ? invalid(ANYONE, "The 'out' command does not accept any extra parameters.")
        : { kind: "presence.checkOut" };
    case "seen": {
      const [who] = args.words;
      return args.words.length !== 1 || who === undefined
        ? invalid(ANYONE, "The 'seen' command needs a single nick argument.")
        : { kind: "presence.seen", nick: who };
    }
    case "subscribe":
      return args.text === ""
        ? { kind: "subscription.show" }
        : { kind: "subscription.set", pattern: args.text };
    case "unsubscribe":
      return args.words.length > 0
        ? invalid(ANYONE, "The 'unsubscribe' command does not accept any parameters.")
        : { kind: "subscription.cancel" };
    case "follow":
    case "unfollow": {
      const [track] = args.words;
      if (track === undefined && command === "follow") return { kind: "follow.show" };
      return args.words.length !== 1 || track === undefined
        ? invalid(ANYONE, `The '${command}' command needs a single track (+${command} #TRACK).`)
        : { kind: command === "follow" ? "follow.add" : "follow.remove", trackName: track };
    }
    default:
      return invalid(ANYONE, `Unknown command '${excerpt(command)}'`);
  }
}

function trackOperation(track: string, command: string | null, rest: string): Operation {
  const scope: Scope = { kind: "track", track };
  if (command === null) {
    return invalid(scope, `Missing track command (#${excerpt(track)} [now|next|clean...] ...)`);
  }
  const args = toArgs(rest);
  /** The one parameter of `etherpad|url`, or null after a usage refusal. */
  const single = (usage: string): string | Operation => {
    const [only] = args.words;
    return args.words.length !== 1 || only === undefined
      ? invalid(scope, `Usage: #${track} ${command} ${usage}`)
      : only;
  };
  switch (command) {
    case "now":
      return { kind: "track.now", track, topic: args.text };
    case "next":
      return { kind: "track.next", track, topic: args.text };
    case "clean":
    case "clear":
      return args.words.length > 0
        ? invalid(scope, `'#${track} clean' does not take any parameter`)
        : { kind: "track.clean", track };
    case "etherpad": {
      const value = single("URL|auto");
      if (typeof value !== "string") return value;
      return {
        kind: "track.etherpad",
        track,
        etherpad: value.toLowerCase() === "auto" ? null : value,
      };
    }
    case "url": {
      const value = single("URL|none");
      if (typeof value !== "string") return value;
      return { kind: "track.url", track, url: value.toLowerCase() === "none" ? null : value };
    }
    case "color":
    case "colour":
      // A colour may hold spaces (`rgb(1, 2, 3)`): it is the whole parameter text.
      return { kind: "track.color", track, color: args.text };
    case "location":
      return { kind: "track.location", track, location: args.text };
    case "book":
    case "unbook": {
      const where = parseRoomSlot(args.text);
      if (where === null) {
        return invalid(
          scope,
          command === "book"
            ? `Slot '${excerpt(args.text)}' is invalid (or booked)`
            : `Slot '${excerpt(args.text)}' is invalid (or not booked for ${excerpt(track)})`,
        );
      }
      return { kind: command === "book" ? "booking.book" : "booking.unbook", track, ...where };
    }
    default: {
      const sentence = excerpt(`${command} ${rest}`, 40).replace(/…$/, "");
      return invalid(
        scope,
        `Unknown command '${excerpt(command)}'. Did you mean: ${excerpt(track)} now ${sentence}... ?`,
      );
    }
  }
}

const isLevel = (value: string): value is BannerLevel =>
  (BANNER_LEVELS as readonly string[]).includes(value);

/** A banner number as typed (1 to 999999), or null. */
const bannerNumber = (word: string): number | null =>
  /^\d{1,6}$/.test(word) ? Number(word) : null;

function motdOperation(args: Args): Operation {
  const [sub] = args.words;
  if (sub === undefined)
    return invalid(ADMIN, "Missing subcommand (~motd add|del|clean|reorder ...)");
  const rest = toArgs(args.text.slice(sub.length));
  switch (sub.toLowerCase()) {
    case "add": {
      const [level, ...words] = rest.words;
      if (level === undefined || words.length === 0) {
        return invalid(ADMIN, "Missing parameters (~motd add LEVEL MSG)");
      }
      if (!isLevel(level)) {
        return invalid(
          ADMIN,
          `Incorrect message level '${excerpt(level)}' (should be info, success, warning or danger)`,
        );
      }
      return { kind: "admin.motdAdd", level, message: rest.text.slice(level.length).trim() };
    }
    case "del": {
      const [word] = rest.words;
      if (word === undefined) return invalid(ADMIN, "Missing message number (~motd del NUM)");
      const number = bannerNumber(word);
      return number === null
        ? invalid(ADMIN, `Incorrect message number ${excerpt(word)}`)
        : { kind: "admin.motdDel", number };
    }
    case "reorder": {
      if (rest.words.length === 0) return invalid(ADMIN, "Missing params (~motd reorder X Y...)");
      const order: number[] = [];
      for (const word of rest.words) {
        const number = bannerNumber(word);
        if (number === null) return invalid(ADMIN, `Incorrect message number ${excerpt(word)}`);
        order.push(number);
      }
      return { kind: "admin.motdReorder", order };
    }
    case "clean":
    case "clear":
      return rest.words.length > 0
        ? invalid(ADMIN, "'~motd clean' does not take parameters")
        : { kind: "admin.motdClean" };
    default:
      return invalid(ADMIN, `Unknown motd subcommand ${excerpt(sub)}`);
  }
}

function adminOperation(command: string, args: Args): Operation {
  switch (command) {
    case "list": {
      const [page] = args.words;
      if (page === undefined) return { kind: "admin.list" };
      return /^\d{1,4}$/.test(page) && Number(page) >= 1 && args.words.length === 1
        ? { kind: "admin.list", page: Number(page) }
        : invalid(ADMIN, "Usage: ~list [PAGE]");
    }
    case "add":
      return { kind: "admin.addTracks", tracks: args.words };
    case "del":
      return { kind: "admin.deleteTracks", tracks: args.words };
    case "clean":
    case "clear":
      return { kind: "admin.cleanTracks", tracks: args.words };
    case "newday":
      return { kind: "admin.newDay" };
    case "motd":
      return motdOperation(args);
    case "requirevoice":
      return { kind: "admin.requireVoice" };
    case "alloweveryone":
      return { kind: "admin.allowEveryone" };
    case "emptydb":
      return { kind: "admin.emptyDb" };
    case "fetchdb": {
      const [url] = args.words;
      return url === undefined || args.words.length !== 1
        ? invalid(ADMIN, "Error loading DB: usage is ~fetchdb URL")
        : { kind: "admin.fetchDb", url };
    }
    case "event": {
      const [slug] = args.words;
      if (slug === undefined) return { kind: "admin.showEvent" };
      return args.words.length > 1
        ? invalid(ADMIN, `Usage: ~event SLUG (${SLUG_RULE})`)
        : { kind: "admin.bindEvent", slug };
    }
    case "name":
      return args.text === ""
        ? { kind: "admin.showName" }
        : { kind: "admin.setName", name: args.text };
    case "widget":
      return { kind: "admin.widget" };
    case "timezone":
    case "firstday":
    case "irc":
      return { kind: "admin.venue", setting: command, value: args.text === "" ? null : args.text };
    default:
      return invalid(ADMIN, `Unknown command '${excerpt(command)}'`);
  }
}

/** The operation a chat line asks for, or `ignore` when it is not a command. */
export function chatOperation(body: string, venue: Venue): ChatCommand {
  const stripped = stripReplyFallback(body);
  // A line over the limit is not cleaned or parsed whole: its first word is enough.
  const tooLong = lineProblem(stripped);
  const line = cleanLine(tooLong === null ? stripped : stripped.slice(0, LENGTH_LIMITS.excerpt));
  const bad = tooLong === null ? badCharacter(line) : null;
  const refusal = tooLong ?? (bad === null ? null : `That message ${bad}`);
  if (refusal !== null) {
    // Only lines that address the bot get a reply; what people say to each other is ignored.
    const head = line.slice(0, LENGTH_LIMITS.excerpt).split(" ", 1)[0] ?? "";
    return parseMessage(head, venue).kind === "ignore"
      ? { kind: "ignore" }
      : { kind: "operation", operation: invalid(ANYONE, refusal) };
  }
  const parsed = parseMessage(line, venue);
  switch (parsed.kind) {
    case "ignore":
      return parsed;
    case "help":
      return { kind: "operation", operation: { kind: "help" } };
    case "unknown-user-command":
      return {
        kind: "operation",
        operation: invalid(ANYONE, "Unknown user command. Should be: in, out, seen, or subscribe"),
      };
    case "user":
      return { kind: "operation", operation: userOperation(parsed.command, toArgs(parsed.rest)) };
    case "admin":
      return { kind: "operation", operation: adminOperation(parsed.command, toArgs(parsed.rest)) };
    case "track":
      return {
        kind: "operation",
        operation: trackOperation(parsed.track, parsed.command, parsed.rest),
      };
  }
}
