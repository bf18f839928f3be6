// The console adapter: an operator types chat commands at a terminal, as an event admin, and
// sees the replies. Handy without a homeserver, and for rehearsing an event. The reply comes
// back through the outbox, as the console's own rows; notifications for Matrix users are
// queued there too, and the Matrix bot delivers them (in this process or another one).
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import readline from "node:readline";
import { runCommand } from "../shared/commands/execute.js";
import { lineProblem } from "../shared/domain/input-rules.js";
import type { Actor } from "../shared/operations/context.js";
import type { Store } from "../shared/db/open.js";
import { isSlug, SLUG_RULE } from "../shared/domain/slug.js";
import { ensureEvent, findEvent } from "../shared/store/events.js";
import { markRowDelivered, pendingRowsOf } from "../shared/store/outbox.js";
import { exportPtgbot } from "../shared/ptgbot/export.js";

export interface ConsoleOptions {
  store: Store;
  eventSlug: string;
  helpUrl: string;
  /** The Jitsi server of `#TRACK url jitsi` (PTG_JITSI_URL). */
  jitsiUrl?: string | null;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  prompt?: boolean;
  /** Matrix users bridged from IRC (their notifications go to an event room); default `^@irc_`. */
  bridgedUsers?: RegExp | null;
}

const excerptOf = (text: string): string => (text.length > 64 ? `${text.slice(0, 64)}…` : text);

const CONSOLE_HELP = [
  "Type chat commands as an event admin, e.g. '#swift now ring placement', '~motd add info hello', '+in #swift'.",
  "Console commands: /export [FILE]  /as NICK [POWER]  /event [SLUG]  /event new SLUG  /help  /quit (stops the program)",
].join("\n");

/** How the console ended: `/quit` (stop the program), or its input closed (keep serving). */
export type ConsoleEnd = "quit" | "input-closed";

export function runConsole(options: ConsoleOptions): Promise<ConsoleEnd> {
  const { store, helpUrl, output } = options;
  let eventSlug = options.eventSlug;
  let actor: Actor = { id: "console:admin", nick: "admin", powerLevel: 100 };
  const print = (text: string) => output.write(`${text}\n`);
  const session = `console:${randomUUID()}`;
  const rl = readline.createInterface({ input: options.input, terminal: false });
  let end: ConsoleEnd = "input-closed";
  const prompt = () => {
    if (options.prompt) output.write(`${eventSlug}> `);
  };

  async function meta(line: string): Promise<boolean> {
    const [word, ...rest] = line.slice(1).trim().split(/\s+/);
    switch (word) {
      case "quit":
      case "exit":
        end = "quit";
        rl.close();
        return true;
      case "help":
        print(CONSOLE_HELP);
        return true;
      case "as": {
        const [nick, power] = rest;
        const level = power === undefined ? 0 : Number(power);
        if (nick === undefined || !Number.isInteger(level)) {
          print("Usage: /as NICK [POWER]");
        } else {
          actor = { id: `console:${nick.toLowerCase()}`, nick, powerLevel: level };
          print(`Now acting as ${nick} with power level ${level}`);
        }
        return true;
      }
      case "event": {
        const [first, second] = rest;
        if (first === undefined || first === "") {
          print(`Event: ${eventSlug}`);
        } else if (first === "new" && second !== undefined) {
          if (!isSlug(second)) print(`An event slug has 1 to 64 ${SLUG_RULE}`);
          else if ((await findEvent(store.db, second)) !== undefined) {
            eventSlug = second;
            print(`Event ${second} exists already; now on it`);
          } else {
            eventSlug = (await ensureEvent(store.db, second)).slug;
            print(`Created event ${eventSlug}; now on it`);
          }
        } else {
          // A typo must not create a public event: only `/event new SLUG` creates one.
          const found = await findEvent(store.db, first);
          if (found === undefined)
            print(`No event '${excerptOf(first)}'. To create it: /event new ${excerptOf(first)}`);
          else {
            eventSlug = found.slug;
            print(`Now on event ${eventSlug}`);
          }
        }
        return true;
      }
      case "export": {
        const event = await ensureEvent(store.db, eventSlug);
        const json = JSON.stringify(await exportPtgbot(store.db, event.id), null, 2);
        const [file] = rest;
        if (file === undefined) print(json);
        else {
          writeFileSync(file, `${json}\n`);
          print(`Exported ${eventSlug} to ${file}`);
        }
        return true;
      }
      default:
        print(`Unknown console command /${word ?? ""} (try /help)`);
        return true;
    }
  }

  async function handle(line: string): Promise<void> {
    // The input rules' entry check (chat commands get the rest in chatOperation).
    const tooLong = lineProblem(line);
    if (tooLong !== null) {
      print(tooLong);
      return;
    }
    const text = line.trim();
    if (text === "") return;
    if (text.startsWith("/")) {
      await meta(text);
      return;
    }
    const outcome = await runCommand(
      store.db,
      {
        messageId: `console:${randomUUID()}`,
        eventSlug,
        chatRoomId: "console",
        venue: "event-room",
        actor,
        text,
        replyTo: { kind: "console", session, nick: actor.nick },
      },
      {
        helpUrl,
        // The operator at the terminal may import from the local network.
        allowPrivateFetch: true,
        jitsiUrl: options.jitsiUrl ?? null,
        ...(options.bridgedUsers === undefined ? {} : { bridgedUsers: options.bridgedUsers }),
        onError: (error) => {
          print(`Error: ${error instanceof Error ? error.message : String(error)}`);
        },
      },
    );
    if (outcome.status === "ignored") {
      print("(not a command: commands start with #TRACK, +, or ~; /help for more)");
      return;
    }
    if (outcome.logId === null) {
      // Nothing was logged (the store failed): there is no row to show.
      print(`${actor.nick}: ${outcome.reply}`);
      return;
    }
    const rows = await pendingRowsOf(store.db, outcome.logId, "console");
    const said = rows.flatMap((row) => (row.message.kind === "text" ? [row.message.text] : []));
    const matrixOnly = rows.filter((row) => row.message.kind !== "text");
    // Every reply starts with the sender's nick, as in Matrix; a silent success says OK.
    for (const text of said) print(`${actor.nick}: ${text}`);
    for (const row of matrixOnly) {
      print(
        `${actor.nick}: that only works in a Matrix room (${row.message.kind}); nothing was done`,
      );
    }
    if (said.length === 0 && matrixOnly.length === 0) print(`${actor.nick}: OK`);
    for (const n of outcome.notifications) print(`  -> to ${n.nick}: ${n.text}`);
    for (const row of rows) await markRowDelivered(store.db, row);
  }

  return new Promise((resolve) => {
    let queue = Promise.resolve();
    print(`PTG console on event '${eventSlug}'. ${CONSOLE_HELP}`);
    prompt();
    rl.on("line", (line) => {
      queue = queue
        .then(() => handle(line))
        .catch((error: unknown) => {
          print(`Error: ${error instanceof Error ? error.message : String(error)}`);
        })
        .then(prompt);
    });
    rl.on("close", () => {
      void queue.then(() => {
        resolve(end);
      });
    });
  });
}
