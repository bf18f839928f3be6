// Admin operations on the event as a whole: voice, reset, import, binding, name, widget.
import { importPtgbot } from "../../schedule/ptgbot-import.js";
import { parsePtgbotDocument, PtgbotImportError } from "../../ptgbot/validate.js";
import { describeImport } from "../../schedule/ptgbot-import-summary.js";
import { applyTalkSchedule, describeTalkImport } from "../../schedule/apply-talks.js";
import { recognise } from "../../schedule/detect-format.js";
import { gridBookings, gridNotices } from "../../schedule/grid-notices.js";
import { talkNotices } from "../../schedule/talk-notices.js";
import type { TalkFormat, TalkSchedule } from "../../domain/talk-model.js";
import type { PtgbotDocument } from "../../ptgbot/format.js";
import { noteScheduleChanges } from "../../store/schedule-notices.js";
import { excerpt, readField } from "../../domain/input-rules.js";
import { SLUG_RULE, isSlug } from "../../domain/slug.js";
import {
  bindChatRoom,
  ensureEvent,
  setEventName,
  setLeadsRequired,
  setVoiceRequired,
} from "../../store/events.js";
import { emptyEvent } from "../../store/reset.js";
import { changed, Refused, unchanged, type OperationContext } from "../context.js";
import type { OperationOf } from "../operation.js";
import type { Fetched } from "../prepare.js";

export async function requireVoice(ctx: OperationContext, _op: OperationOf<"admin.requireVoice">) {
  await setVoiceRequired(ctx.trx, ctx.event.id, true);
  return changed({ kind: "admin.requireVoice" } as const);
}

export async function allowEveryone(
  ctx: OperationContext,
  _op: OperationOf<"admin.allowEveryone">,
) {
  await setVoiceRequired(ctx.trx, ctx.event.id, false);
  await setLeadsRequired(ctx.trx, ctx.event.id, false);
  return changed({ kind: "admin.allowEveryone" } as const);
}

export async function emptyDb(ctx: OperationContext, _op: OperationOf<"admin.emptyDb">) {
  await emptyEvent(ctx.trx, ctx.event.id);
  return changed({ kind: "admin.emptyDb", slug: ctx.event.slug } as const);
}

/** Applies a talk schedule, and queues notices for the followers of what moved or went. */
async function importTalks(
  ctx: OperationContext,
  schedule: TalkSchedule,
  format: TalkFormat,
): Promise<string> {
  const summary = await applyTalkSchedule(ctx.trx, ctx.event.id, schedule, format);
  const notices = await talkNotices(
    ctx.trx,
    ctx.event.id,
    summary.changes,
    schedule.conference.timeZone,
  );
  await noteScheduleChanges(ctx.trx, ctx.event.id, notices, ctx.now);
  return describeTalkImport(summary, ctx.event.slug);
}

/** Applies a PTGbot document, and queues notices for the followers of booked slots that moved or went. */
async function importGrid(ctx: OperationContext, document: PtgbotDocument): Promise<string> {
  const before = await gridBookings(ctx.trx, ctx.event.id);
  const summary = await importPtgbot(ctx.trx, ctx.event.id, document);
  const after = await gridBookings(ctx.trx, ctx.event.id);
  await noteScheduleChanges(ctx.trx, ctx.event.id, gridNotices(before, after), ctx.now);
  return describeImport(summary, ctx.event.slug);
}

/** `prepared`: what was fetched from the URL before the transaction opened. */
export async function fetchDb(
  ctx: OperationContext,
  _op: OperationOf<"admin.fetchDb">,
  prepared: Fetched | undefined,
) {
  if (prepared === undefined) throw new Refused("Error loading DB: nothing was fetched");
  if (!prepared.ok) throw new Refused(`Error loading DB: ${excerpt(prepared.reason, 200)}`);
  let summary;
  try {
    summary =
      "talks" in prepared
        ? await importTalks(ctx, prepared.talks.schedule, prepared.talks.format)
        : await importGrid(ctx, prepared.document);
  } catch (error) {
    throw new Refused(
      `Error loading DB: ${excerpt(error instanceof Error ? error.message : String(error), 200)}`,
    );
  }
  return changed({
    kind: "admin.fetchDb",
    slug: ctx.event.slug,
    summary,
  } as const);
}

/** A document the adapter read itself (the CLI's import): checked, then applied like ~fetchdb. */
export async function importDocument(
  ctx: OperationContext,
  op: OperationOf<"admin.importDocument">,
) {
  let summary;
  try {
    const input = recognise(op.document);
    summary =
      input.format === "ptgbot"
        ? await importGrid(ctx, parsePtgbotDocument(input.json))
        : await importTalks(ctx, input.schedule, input.format);
  } catch (error) {
    if (error instanceof PtgbotImportError) throw new Refused(excerpt(error.message, 200));
    throw error;
  }
  return changed({
    kind: "admin.importDocument",
    slug: ctx.event.slug,
    summary,
  } as const);
}

export function showEvent(ctx: OperationContext, _op: OperationOf<"admin.showEvent">) {
  return Promise.resolve(unchanged({ kind: "admin.showEvent", slug: ctx.event.slug } as const));
}

export async function bindEvent(ctx: OperationContext, op: OperationOf<"admin.bindEvent">) {
  if (!isSlug(op.slug)) throw new Refused(`Usage: ~event SLUG (${SLUG_RULE})`);
  if (ctx.chatRoomId === null) throw new Refused("Only a chat room can be bound to an event");
  const target = await ensureEvent(ctx.trx, op.slug);
  await bindChatRoom(ctx.trx, ctx.chatRoomId, target.id);
  return changed({ kind: "admin.bindEvent", slug: target.slug } as const);
}

export function showName(ctx: OperationContext, _op: OperationOf<"admin.showName">) {
  return Promise.resolve(unchanged({ kind: "admin.showName", name: ctx.event.name } as const));
}

export async function setName(ctx: OperationContext, op: OperationOf<"admin.setName">) {
  const name = readField("eventName", op.name);
  if (!name.ok) throw new Refused(name.reason);
  await setEventName(ctx.trx, ctx.event.id, name.value);
  return changed({ kind: "admin.setName", name: name.value } as const);
}

export function widget(ctx: OperationContext, _op: OperationOf<"admin.widget">) {
  if (ctx.chatRoomId === null) {
    return Promise.reject(new Refused("The widget can only be installed in a chat room"));
  }
  return Promise.resolve({
    result: { kind: "admin.widget" } as const,
    changed: false,
    effects: [{ type: "install-widget" } as const],
  });
}
