// Admin operations on the banners at the top of the page (`~motd`).
import { COUNT_LIMITS, readField } from "../../domain/input-rules.js";
import {
  addBanner,
  listBanners,
  removeBanner,
  reorderBanners,
  replaceBanners,
} from "../../store/banners.js";
import { changed, Refused, type OperationContext } from "../context.js";
import type { OperationOf } from "../operation.js";

const incorrect = (n: number) => new Refused(`Incorrect message number ${n}`);

export async function add(ctx: OperationContext, op: OperationOf<"admin.motdAdd">) {
  const message = readField("banner", op.message);
  if (!message.ok) throw new Refused(message.reason);
  const count = (await listBanners(ctx.trx, ctx.event.id)).length;
  if (count >= COUNT_LIMITS.banners) {
    throw new Refused(`There are already ${COUNT_LIMITS.banners} banners: delete one first`);
  }
  const banner = { level: op.level, message: message.value };
  const number = await addBanner(ctx.trx, ctx.event.id, banner);
  return changed({ kind: "admin.motdAdd", number, ...banner } as const);
}

export async function del(ctx: OperationContext, op: OperationOf<"admin.motdDel">) {
  const count = (await listBanners(ctx.trx, ctx.event.id)).length;
  if (!(op.number >= 1 && op.number <= count)) throw incorrect(op.number);
  await removeBanner(ctx.trx, ctx.event.id, op.number);
  return changed({ kind: "admin.motdDel", number: op.number } as const);
}

export async function reorder(ctx: OperationContext, op: OperationOf<"admin.motdReorder">) {
  if (op.order.length === 0) throw new Refused("Missing params (~motd reorder X Y...)");
  const count = (await listBanners(ctx.trx, ctx.event.id)).length;
  const seen = new Set<number>();
  for (const n of op.order) {
    if (!(n >= 1 && n <= count) || seen.has(n)) throw incorrect(n);
    seen.add(n);
  }
  await reorderBanners(ctx.trx, ctx.event.id, op.order);
  return changed({ kind: "admin.motdReorder", order: op.order } as const);
}

export async function clean(ctx: OperationContext, _op: OperationOf<"admin.motdClean">) {
  await replaceBanners(ctx.trx, ctx.event.id, []);
  return changed({ kind: "admin.motdClean" } as const);
}
