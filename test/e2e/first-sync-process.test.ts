// `ptg start --only bot` on a new database, for an account that has long been in its rooms: a
// command typed while the process starts, before the bot begins reading, is answered (what is
// said from the moment the process started is news to the first sync: bot/sync/first-sync.ts).
// The homeserver's answer to the bot's first whoami is held until the command is said, so the
// command is always said before the bot could note when it began reading.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { MatrixClient } from "../support/matrix-client.js";
import { startPtg, type PtgProcess } from "../support/ptg-process.js";
import { useSynapse } from "../support/use-synapse.js";

const synapse = useSynapse();

/** A pass-through to `target` that holds every whoami until `release()`. */
async function whoamiGate(target: string) {
  const upstream = new URL(target);
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let asked = (): void => undefined;
  const whoamiAsked = new Promise<void>((resolve) => {
    asked = resolve;
  });
  const server = http.createServer((req, res) => {
    const forward = (): void => {
      const proxied = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      proxied.on("error", () => res.destroy());
      req.pipe(proxied);
    };
    if ((req.url ?? "").includes("/account/whoami")) {
      asked();
      void released.then(forward);
    } else {
      forward();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    whoamiAsked,
    release,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

describe("ptg start on a new database", () => {
  let proc: PtgProcess | undefined;
  let gate: Awaited<ReturnType<typeof whoamiGate>> | undefined;

  afterAll(async () => {
    await proc?.stop();
    await gate?.close();
  }, 30_000);

  it("answers a command said while the process starts, before the bot reads", async () => {
    const hs = synapse();
    const account = await hs.registerUser("startedbot", { displayName: "ptgbot" });
    const moderator = await hs.registerUser("startedmod", { displayName: "Moderator" });
    const mod = new MatrixClient(hs.baseUrl, moderator.accessToken, moderator.userId);
    // The account has long been in this direct room (an earlier database), listed in its
    // m.direct as the earlier bot left it.
    const dm = await mod.createRoom({ preset: "trusted_private_chat", isDirect: true });
    await mod.invite(dm, account.userId);
    const botClient = new MatrixClient(hs.baseUrl, account.accessToken, account.userId);
    await botClient.join(dm);
    await botClient.request(
      "PUT",
      `/user/${encodeURIComponent(account.userId)}/account_data/m.direct`,
      { body: { [moderator.userId]: [dm] } },
    );
    await mod.sendText(dm, "~help said before this database");
    await mod.syncToNow();

    gate = await whoamiGate(hs.baseUrl);
    proc = startPtg(["--only", "bot"], {
      MATRIX_HOMESERVER_URL: gate.url,
      MATRIX_ACCESS_TOKEN: account.accessToken,
      PTG_DEFAULT_EVENT: "ptg",
      PTG_E2EE: "off",
      LOG_LEVEL: "info",
    });
    // The process has started (it asks who it is); the command is said before it is told.
    await gate.whoamiAsked;
    await mod.sendText(dm, "~help");
    gate.release();
    const reply = await mod
      .waitForMessage(dm, (e) => e.sender === account.userId, 60_000)
      .catch((error: unknown) => {
        throw new Error(`no answer; the bot said:\n${proc?.output(40) ?? ""}`, { cause: error });
      });
    expect(JSON.stringify(reply.content)).toContain("help");
    // Once, and only that one: what was said before the process started is history.
    await proc.waitForLine(/Matrix bot connected/);
    const history = await mod.request<{ chunk: { sender: string; type: string }[] }>(
      "GET",
      `/rooms/${encodeURIComponent(dm)}/messages?dir=b&limit=50`,
    );
    expect(
      history.chunk.filter((e) => e.sender === account.userId && e.type === "m.room.message"),
    ).toHaveLength(1);
  }, 120_000);
});
