import { BANNER_LEVELS, type BannerLevel } from "../../api/event-state.js";
import { MAX_BANNERS, MAX_TEXT_LENGTH } from "../../domain/validate.js";
import { listBanners, replaceBanners } from "../../store/banners.js";
import { toArgs } from "../parse.js";
import { CommandRefused, ok, type AdminHandler, type Args, type CommandContext } from "../types.js";

const isLevel = (value: string): value is BannerLevel =>
  (BANNER_LEVELS as readonly string[]).includes(value);

function bannerNumber(word: string, count: number): number {
  const n = /^\d{1,6}$/.test(word) ? Number(word) : NaN;
  if (!(n >= 1 && n <= count)) throw new CommandRefused(`Incorrect message number ${word}`);
  return n;
}

async function addBanner(ctx: CommandContext, args: Args) {
  const [level, ...rest] = args.words;
  if (level === undefined || rest.length === 0) {
    throw new CommandRefused("Missing parameters (~motd add LEVEL MSG)");
  }
  if (!isLevel(level)) {
    throw new CommandRefused(
      `Incorrect message level '${level}' (should be info, success, warning or danger)`,
    );
  }
  const message = args.text.slice(level.length).trim();
  if (message.length > MAX_TEXT_LENGTH) {
    throw new CommandRefused(`That is too long (at most ${MAX_TEXT_LENGTH} characters)`);
  }
  const banners = await listBanners(ctx.trx, ctx.event.id);
  if (banners.length >= MAX_BANNERS) {
    throw new CommandRefused(`There are already ${MAX_BANNERS} banners: delete one first`);
  }
  await replaceBanners(ctx.trx, ctx.event.id, [...banners, { level, message }]);
  return ok(`Added banner ${banners.length + 1} (${level}): ${message}`);
}

async function delBanner(ctx: CommandContext, args: Args) {
  const [word] = args.words;
  if (word === undefined) throw new CommandRefused("Missing message number (~motd del NUM)");
  const banners = await listBanners(ctx.trx, ctx.event.id);
  const n = bannerNumber(word, banners.length);
  await replaceBanners(
    ctx.trx,
    ctx.event.id,
    banners.filter((_, i) => i !== n - 1),
  );
  return ok(`Removed banner ${n}`);
}

async function reorderBanners(ctx: CommandContext, args: Args) {
  if (args.words.length === 0) throw new CommandRefused("Missing params (~motd reorder X Y...)");
  const banners = await listBanners(ctx.trx, ctx.event.id);
  const seen = new Set<number>();
  const order = args.words.map((word) => {
    const n = bannerNumber(word, banners.length);
    if (seen.has(n)) throw new CommandRefused(`Incorrect message number ${word}`);
    seen.add(n);
    return n;
  });
  await replaceBanners(
    ctx.trx,
    ctx.event.id,
    order.map((n) => banners[n - 1]).filter((b) => b !== undefined),
  );
  return ok(`Banners are now in the order ${order.join(" ")}`);
}

async function cleanBanners(ctx: CommandContext, args: Args) {
  if (args.words.length > 0) throw new CommandRefused("'~motd clean' does not take parameters");
  await replaceBanners(ctx.trx, ctx.event.id, []);
  return ok("Removed all banners");
}

const subcommands = {
  add: addBanner,
  del: delBanner,
  reorder: reorderBanners,
  clean: cleanBanners,
  clear: cleanBanners,
} as const;

/** `~motd add|del|reorder|clean …`: the banners at the top of the page. */
export const motd: AdminHandler = {
  kind: "admin",
  names: ["motd"],
  async run(ctx, args) {
    const [sub] = args.words;
    if (sub === undefined)
      throw new CommandRefused("Missing subcommand (~motd add|del|clean|reorder ...)");
    const name = sub.toLowerCase();
    if (!Object.hasOwn(subcommands, name))
      throw new CommandRefused(`Unknown motd subcommand ${sub}`);
    const run = subcommands[name as keyof typeof subcommands];
    return run(ctx, toArgs(args.text.slice(sub.length)));
  },
};
