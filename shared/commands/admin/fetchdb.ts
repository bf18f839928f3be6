import { fetchPtgbotJson } from "../../ptgbot/fetch.js";
import { importPtgbot } from "../../ptgbot/import.js";
import { parsePtgbotDocument } from "../../ptgbot/validate.js";
import { CommandRefused, ok, type AdminHandler } from "../types.js";

type Fetched = { ok: true; json: unknown } | { ok: false; reason: string };

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** `~fetchdb URL`: loads the event from a PTGbot-format JSON document at URL. */
export const fetchdb: AdminHandler = {
  kind: "admin",
  names: ["fetchdb"],
  async prepare(args, env): Promise<Fetched> {
    const [url] = args.words;
    if (url === undefined || args.words.length !== 1) {
      return { ok: false, reason: "usage is ~fetchdb URL" };
    }
    try {
      return {
        ok: true,
        json: await fetchPtgbotJson(url, { allowPrivateAddresses: env.allowPrivateFetch }),
      };
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
  },
  async run(ctx, _args, prepared) {
    const fetched = prepared as Fetched | undefined;
    if (fetched === undefined) throw new CommandRefused("Error loading DB: nothing was fetched");
    if (!fetched.ok) throw new CommandRefused(`Error loading DB: ${fetched.reason}`);
    try {
      const doc = parsePtgbotDocument(fetched.json);
      await importPtgbot(ctx.trx, ctx.event.id, doc);
    } catch (error) {
      throw new CommandRefused(`Error loading DB: ${reasonOf(error)}`);
    }
    return ok(`Loaded the event ${ctx.event.slug} from that document`);
  },
};
