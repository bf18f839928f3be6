/**
 * A small raw-socket IRC client for end-to-end tests, playing an attendee on IRC: registers
 * (NICK/USER), joins channels, sends PRIVMSG/NOTICE/MODE, answers PINGs, and buffers what the
 * server sends so that a test can act first and wait afterwards without racing the server.
 */
import { createConnection, type Socket } from "node:net";

const DEFAULT_WAIT_TIMEOUT_MS = 15_000;
/** How many recent lines are kept to explain a timeout. */
const SEEN_HISTORY = 30;

/** One line from the server, parsed (RFC 1459 / 2812; message tags are kept raw). */
export interface IrcMessage {
  raw: string;
  /** `nick!user@host` or a server name; "" when the line has no prefix. */
  prefix: string;
  /** The nick part of the prefix (the server name for server messages). */
  nick: string;
  /** Upper-cased command or three-digit numeric. */
  command: string;
  params: string[];
}

/** A PRIVMSG or NOTICE, with its target (a channel or a nick) and its text. */
export interface IrcChatMessage extends IrcMessage {
  command: "PRIVMSG" | "NOTICE";
  target: string;
  text: string;
}

export function parseIrcLine(line: string): IrcMessage | null {
  let rest = line;
  if (rest.startsWith("@")) {
    const space = rest.indexOf(" ");
    if (space < 0) return null;
    rest = rest.slice(space + 1);
  }
  let prefix = "";
  if (rest.startsWith(":")) {
    const space = rest.indexOf(" ");
    if (space < 0) return null;
    prefix = rest.slice(1, space);
    rest = rest.slice(space + 1);
  }
  const params: string[] = [];
  let command = "";
  while (rest !== "") {
    rest = rest.replace(/^ +/, "");
    if (rest === "") break;
    if (command !== "" && rest.startsWith(":")) {
      params.push(rest.slice(1));
      break;
    }
    const space = rest.indexOf(" ");
    const word = space < 0 ? rest : rest.slice(0, space);
    rest = space < 0 ? "" : rest.slice(space + 1);
    if (command === "") command = word.toUpperCase();
    else params.push(word);
  }
  if (command === "") return null;
  const bang = prefix.indexOf("!");
  const message = { raw: line, prefix, nick: bang < 0 ? prefix : prefix.slice(0, bang), command };
  if (command === "PRIVMSG" || command === "NOTICE") {
    const chat: IrcChatMessage = {
      ...message,
      command,
      params,
      target: params[0] ?? "",
      text: params[1] ?? "",
    };
    return chat;
  }
  return { ...message, params };
}

export function isChatMessage(message: IrcMessage): message is IrcChatMessage {
  return message.command === "PRIVMSG" || message.command === "NOTICE";
}

interface Waiter {
  predicate: (message: IrcMessage) => boolean;
  resolve: (message: IrcMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface IrcConnectOptions {
  host: string;
  port: number;
  nick: string;
  /** The USER name; defaults to the nick. */
  user?: string;
  realName?: string;
  timeoutMs?: number;
}

export class IrcClient {
  private readonly pending: IrcMessage[] = [];
  private readonly seen: string[] = [];
  private readonly waiters: Waiter[] = [];
  private buffer = "";
  private pings = 0;
  private closed: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly nick: string,
  ) {
    socket.setEncoding("utf8"); // a StringDecoder: multi-byte characters split across reads are fine
    socket.on("data", (chunk: string) => {
      this.receive(chunk);
    });
    socket.on("close", () => {
      this.fail(new Error(`${this.nick}: the IRC connection closed`));
    });
    socket.on("error", (error) => {
      this.fail(new Error(`${this.nick}: IRC connection error: ${error.message}`));
    });
  }

  /** Connects and registers; resolves after the server's welcome (001). */
  static async connect(options: IrcConnectOptions): Promise<IrcClient> {
    const socket = createConnection({ host: options.host, port: options.port });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const client = new IrcClient(socket, options.nick);
    // A user name is stricter than a nick (ngircd refuses "Kim|away").
    const user = options.user ?? (options.nick.replace(/[^A-Za-z0-9]/g, "") || "ptg");
    client.send(`NICK ${options.nick}`);
    client.send(`USER ${user} 0 * :${options.realName ?? `${options.nick} (PTG test)`}`);
    const answer = await client.waitFor(
      (m) => ["001", "432", "433", "436", "ERROR"].includes(m.command),
      { timeoutMs: options.timeoutMs ?? 10_000, what: "the server's welcome (001)" },
    );
    if (answer.command !== "001") {
      client.close();
      throw new Error(`${options.nick}: the IRC server refused the registration: ${answer.raw}`);
    }
    return client;
  }

  send(line: string): void {
    this.sendAll([line]);
  }

  /** Sends several lines in one write, as a client does when its user pastes them. */
  sendAll(lines: string[]): void {
    for (const line of lines) {
      if (/[\r\n]/.test(line)) throw new Error(`IRC lines cannot contain line breaks: ${line}`);
    }
    if (this.closed !== undefined) throw this.closed;
    this.socket.write(lines.map((line) => `${line}\r\n`).join(""));
  }

  privmsg(target: string, text: string): void {
    this.send(`PRIVMSG ${target} :${text}`);
  }

  notice(target: string, text: string): void {
    this.send(`NOTICE ${target} :${text}`);
  }

  /** Joins a channel and waits for the end of its names list (366), i.e. until it is in. */
  async join(channel: string): Promise<void> {
    this.send(`JOIN ${channel}`);
    await this.waitFor(
      (m) => m.command === "366" && m.params[1]?.toLowerCase() === channel.toLowerCase(),
      { what: `joining ${channel}` },
    );
  }

  /**
   * Returns the first buffered or future line that matches, removing it from the buffer so that
   * the next wait finds the next one. Call `syncToNow()` first to skip what arrived before.
   */
  waitFor(
    predicate: (message: IrcMessage) => boolean,
    options: { timeoutMs?: number; what?: string } = {},
  ): Promise<IrcMessage> {
    const index = this.pending.findIndex(predicate);
    if (index >= 0) {
      const [message] = this.pending.splice(index, 1);
      if (message !== undefined) return Promise.resolve(message);
    }
    if (this.closed !== undefined) return Promise.reject(this.closed);
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.removeWaiter(waiter);
          reject(
            new Error(
              `${this.nick} timed out after ${timeoutMs} ms waiting for ${options.what ?? "a line"}; ` +
                `last lines received:\n  ${this.seen.join("\n  ") || "(none)"}`,
            ),
          );
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Like `waitFor`, for PRIVMSG and NOTICE lines. */
  async waitForChat(
    predicate: (message: IrcChatMessage) => boolean = () => true,
    options: { timeoutMs?: number; what?: string } = {},
  ): Promise<IrcChatMessage> {
    const message = await this.waitFor((m) => isChatMessage(m) && predicate(m), {
      what: "a PRIVMSG or NOTICE",
      ...options,
    });
    return message as IrcChatMessage;
  }

  /** Forgets every buffered line: the next waits only see what arrives from now on. */
  clear(): void {
    this.pending.length = 0;
  }

  /**
   * Catches up with the server, then forgets every buffered line. A PING's PONG comes after
   * everything the server had already queued for this client (e.g. a channel line that another
   * client has just received), so nothing from before can arrive after this.
   */
  async syncToNow(): Promise<void> {
    const token = `ptg-sync-${String(++this.pings)}`;
    this.send(`PING :${token}`);
    await this.waitFor((m) => m.command === "PONG" && m.params.at(-1) === token, {
      what: `the PONG to ${token}`,
    });
    this.clear();
  }

  /** The buffered PRIVMSG/NOTICE lines that no wait returned yet (not removed). */
  bufferedChat(): IrcChatMessage[] {
    return this.pending.filter(isChatMessage);
  }

  /** Says goodbye and closes the connection. */
  async quit(message = "bye"): Promise<void> {
    if (this.closed !== undefined) return;
    const closed = new Promise<void>((resolve) => {
      this.socket.once("close", () => {
        resolve();
      });
    });
    try {
      this.send(`QUIT :${message}`);
      this.socket.end();
    } catch {
      this.socket.destroy();
    }
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    this.socket.destroy();
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const end = this.buffer.indexOf("\n");
      if (end < 0) break;
      const line = this.buffer.slice(0, end).replace(/\r$/, "");
      this.buffer = this.buffer.slice(end + 1);
      if (line !== "") this.dispatch(line);
    }
  }

  private dispatch(line: string): void {
    const message = parseIrcLine(line);
    if (message === null) return;
    if (message.command === "PING") {
      this.send(`PONG :${message.params[0] ?? ""}`);
      return;
    }
    this.seen.push(line);
    if (this.seen.length > SEEN_HISTORY) this.seen.shift();
    const waiter = this.waiters.find((w) => w.predicate(message));
    if (waiter === undefined) {
      this.pending.push(message);
      return;
    }
    this.removeWaiter(waiter);
    waiter.resolve(message);
  }

  private removeWaiter(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }

  private fail(error: Error): void {
    this.closed ??= error;
    for (const waiter of [...this.waiters]) {
      this.removeWaiter(waiter);
      waiter.reject(
        new Error(
          `${error.message}; last lines received:\n  ${this.seen.join("\n  ") || "(none)"}`,
        ),
      );
    }
  }
}
