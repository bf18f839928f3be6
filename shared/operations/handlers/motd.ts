// Admin operations on the banners at the top of the page (`~motd`).
import { MAX_BANNERS, MAX_TEXT_LENGTH } from "../../domain/validate.js";
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
  if (op.message.length > MAX_TEXT_LENGTH) {
    throw new Refused(`That is too long (at most ${MAX_TEXT_LENGTH} characters)`);
  }
  const count = (await listBanners(ctx.trx, ctx.event.id)).length;
  if (count >= MAX_BANNERS) {
    throw new Refused(`There are already ${MAX_BANNERS} banners: delete one first`);
  }
  const number = await addBanner(ctx.trx, ctx.event.id, { level: op.level, message: op.message });
  return changed({ kind: "admin.motdAdd", number, level: op.level, message: op.message } as const);
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
