// Track leads: showing and changing who leads a track (`#TRACK leads [add|del WHO…]`), and
// requiring leads for track commands (`~requireleads`). WHO is a Matrix user id, or the nick of
// a member of the event's rooms, as the chat names them (display name, else localpart).
import { COUNT_LIMITS, excerpt, listExcerpt } from "../../domain/input-rules.js";
import { isTrackName } from "../../domain/validate.js";
import { parseUserId } from "../../matrix/user-id.js";
import { setLeadsRequired } from "../../store/events.js";
import { addLeads, eventMembers, removeLeads, trackLeads } from "../../store/leads.js";
import { findTrack, type TrackRef } from "../../store/tracks.js";
import { changed, Refused, unchanged, type OperationContext } from "../context.js";
import type { OperationOf } from "../operation.js";

/** The most leads one track may have (the same as an import's). */
const MAX_LEADS = COUNT_LIMITS.leadsPerTrack;

type Member = { userId: string; nick: string };

/** The track a `#TRACK leads` line names (which must exist). */
async function namedTrack(ctx: OperationContext, name: string): Promise<TrackRef> {
  const lower = name.toLowerCase();
  const track = isTrackName(lower) ? await findTrack(ctx.trx, ctx.event.id, lower) : undefined;
  if (track === undefined) throw new Refused(`Unknown track '${excerpt(name)}'`);
  return track;
}

/** The user a WHO word names, or the refusal saying why none. */
function resolve(word: string, members: readonly Member[]): string {
  if (word.startsWith("@")) {
    if (parseUserId(word) === null) {
      throw new Refused(`'${excerpt(word)}' is not a Matrix user id (@name:server)`);
    }
    return word;
  }
  const lower = word.toLowerCase();
  const matches = members.filter(
    (m) => m.nick.toLowerCase() === lower || m.userId.slice(1).split(":")[0] === lower,
  );
  const [only, second] = matches;
  if (only === undefined) throw new Refused(`Unknown user or nick '${excerpt(word)}'`);
  if (second !== undefined) {
    throw new Refused(`'${excerpt(word)}' names several people; use their Matrix id`);
  }
  return only.userId;
}

/** Leads as the chat names them. */
const names = (userIds: readonly string[], members: readonly Member[]): string[] =>
  userIds.map((id) => members.find((m) => m.userId === id)?.nick ?? id);

async function leadsResult<K extends "leads.show" | "leads.add" | "leads.del">(
  ctx: OperationContext,
  kind: K,
  track: TrackRef,
  members: readonly Member[],
) {
  const leads = names(await trackLeads(ctx.trx, track.id), members);
  return { kind, track: track.name, leads: listExcerpt(leads), count: leads.length };
}

export async function show(ctx: OperationContext, op: OperationOf<"leads.show">) {
  const track = await namedTrack(ctx, op.trackName);
  const members = await eventMembers(ctx.trx, ctx.event.id, ctx.chatRoomId);
  return unchanged(await leadsResult(ctx, "leads.show", track, members));
}

export async function add(
  ctx: OperationContext & { track: TrackRef },
  op: OperationOf<"leads.add">,
) {
  const members = await eventMembers(ctx.trx, ctx.event.id, ctx.chatRoomId);
  const users = [...new Set(op.who.map((word) => resolve(word, members)))];
  const current = await trackLeads(ctx.trx, ctx.track.id);
  if (new Set([...current, ...users]).size > MAX_LEADS) {
    throw new Refused(`A track has at most ${MAX_LEADS} leads`);
  }
  await addLeads(ctx.trx, ctx.event.id, ctx.track.id, users);
  return changed(await leadsResult(ctx, "leads.add", ctx.track, members));
}

export async function del(
  ctx: OperationContext & { track: TrackRef },
  op: OperationOf<"leads.del">,
) {
  const members = await eventMembers(ctx.trx, ctx.event.id, ctx.chatRoomId);
  const current = await trackLeads(ctx.trx, ctx.track.id);
  const users = op.who.map((word) => {
    // A lead who left the rooms is still removed by their nick's id, or by their id.
    const user = current.includes(word) ? word : resolve(word, members);
    if (!current.includes(user)) {
      throw new Refused(`'${excerpt(word)}' is not a lead of #${ctx.track.name}`);
    }
    return user;
  });
  await removeLeads(ctx.trx, ctx.track.id, users);
  return changed(await leadsResult(ctx, "leads.del", ctx.track, members));
}

export async function requireLeads(ctx: OperationContext, _op: OperationOf<"admin.requireLeads">) {
  await setLeadsRequired(ctx.trx, ctx.event.id, true);
  return changed({ kind: "admin.requireLeads" } as const);
}
