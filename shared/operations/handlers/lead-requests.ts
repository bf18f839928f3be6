// Lead sign-up (issue 22 item 2): a signed-in user asks to lead a track with one line of text;
// admins see the open requests (`~leads`, the widget, one message in the event's admin room for
// each new request, listing all open ones) and approve or refuse them (`~leads approve|refuse
// N`, or one click in the widget). The requester hears the answer in a Matrix message.
import { COUNT_LIMITS, excerpt, listExcerpt, readField } from "../../domain/input-rules.js";
import { isTrackName } from "../../domain/validate.js";
import { parseUserId } from "../../matrix/user-id.js";
import {
  addLeadRequest,
  adminRoom,
  answerLeadRequest,
  findLeadRequest,
  openLeadRequests,
  type LeadRequest,
} from "../../store/lead-requests.js";
import { addLeads, isTrackLead, trackLeads } from "../../store/leads.js";
import { findTrack } from "../../store/tracks.js";
import { changed, Refused, unchanged, type OperationContext } from "../context.js";
import type { OperationOf } from "../operation.js";

/** How a request is named in lists: `2 alice #nova`. */
const entry = (r: LeadRequest): string => `${r.number} ${r.nick} #${r.track}`;

/** The open requests, as a list that fits a message. */
export const openList = (open: readonly LeadRequest[]): string =>
  open.length === 0 ? "none" : listExcerpt(open.map(entry));

export async function request(ctx: OperationContext, op: OperationOf<"leads.request">) {
  const lower = op.trackName.replace(/^#/, "").toLowerCase();
  const track = isTrackName(lower) ? await findTrack(ctx.trx, ctx.event.id, lower) : undefined;
  if (track === undefined) throw new Refused(`Unknown track '${excerpt(op.trackName)}'`);
  if (parseUserId(ctx.actor.id) === null) {
    throw new Refused("Only a Matrix user can ask to lead a track");
  }
  const text = readField("leadRequest", op.text.replace(/\s+/g, " "));
  if (!text.ok) {
    throw new Refused(
      op.text.trim() === "" ? `Say in one line why you would lead #${track.name}` : text.reason,
    );
  }
  if (await isTrackLead(ctx.trx, track.id, ctx.actor.id)) {
    throw new Refused(`You already lead #${track.name}`);
  }
  const open = await openLeadRequests(ctx.trx, ctx.event.id);
  const mine = open.find((r) => r.trackId === track.id && r.userId === ctx.actor.id);
  if (mine !== undefined) {
    throw new Refused(`You already asked to lead #${track.name} (request ${mine.number})`);
  }
  if (open.length >= COUNT_LIMITS.openLeadRequests) {
    throw new Refused(
      `There are ${open.length} open lead requests already; ask an admin to answer them first`,
    );
  }
  const number = await addLeadRequest(ctx.trx, {
    eventId: ctx.event.id,
    trackId: track.id,
    userId: ctx.actor.id,
    nick: ctx.actor.nick,
    text: text.value,
    at: ctx.now,
  });
  const all = await openLeadRequests(ctx.trx, ctx.event.id);
  const room = (await adminRoom(ctx.trx, ctx.event.id)) ?? ctx.chatRoomId;
  // Three lines, each well within a Matrix message's line: what is new, what is open, what to do.
  const summary = [
    `Lead request ${number}: ${excerpt(ctx.actor.nick)} asks to lead #${track.name}: "${excerpt(text.value, 80)}"`,
    `Open lead requests (${all.length}): ${openList(all)}`,
    "Admins: ~leads approve N or ~leads refuse N, or one click in the widget",
  ].join("\n");
  return changed(
    { kind: "leads.request", number, track: track.name } as const,
    room === null ? {} : { announcements: [{ roomId: room, text: summary }] },
  );
}

export async function list(ctx: OperationContext, _op: OperationOf<"leads.requests">) {
  const open = await openLeadRequests(ctx.trx, ctx.event.id);
  return unchanged({ kind: "leads.requests", count: open.length, list: openList(open) } as const);
}

/** The open request numbered N, or the refusal saying why there is none. */
async function openRequest(ctx: OperationContext, number: number): Promise<LeadRequest> {
  const found = await findLeadRequest(ctx.trx, ctx.event.id, number);
  if (found === undefined)
    throw new Refused(`There is no lead request ${number} (~leads lists them)`);
  if (found.answer !== null) {
    throw new Refused(`Lead request ${number} was already ${found.answer}`);
  }
  return found;
}

/** Records the answer to an open request and tells its requester, through the outbox. */
async function answer<Kind extends "leads.approve" | "leads.refuse">(
  ctx: OperationContext,
  kind: Kind,
  found: LeadRequest,
  told: string,
) {
  await answerLeadRequest(
    ctx.trx,
    found.id,
    kind === "leads.approve" ? "approved" : "refused",
    ctx.actor.id,
    ctx.now,
  );
  const open = await openLeadRequests(ctx.trx, ctx.event.id);
  return changed(
    { kind, number: found.number, nick: found.nick, track: found.track, open: open.length },
    { notifications: [{ personKey: found.userId, nick: found.nick, text: told }] },
  );
}

export async function approve(ctx: OperationContext, op: OperationOf<"leads.approve">) {
  const found = await openRequest(ctx, op.number);
  const current = await trackLeads(ctx.trx, found.trackId);
  if (!current.includes(found.userId) && current.length >= COUNT_LIMITS.leadsPerTrack) {
    throw new Refused(`A track has at most ${COUNT_LIMITS.leadsPerTrack} leads`);
  }
  await addLeads(ctx.trx, ctx.event.id, found.trackId, [found.userId]);
  return answer(
    ctx,
    "leads.approve",
    found,
    `${ctx.actor.nick} approved your request to lead #${found.track}: you now lead #${found.track}`,
  );
}

export async function refuse(ctx: OperationContext, op: OperationOf<"leads.refuse">) {
  const found = await openRequest(ctx, op.number);
  return answer(
    ctx,
    "leads.refuse",
    found,
    `${ctx.actor.nick} refused your request to lead #${found.track}`,
  );
}
