// Requests to lead a track (issue 22 item 2): asked from the widget, answered by an admin. The
// verbs here are the only SQL that changes them.
import type { Queryable } from "./events.js";

export interface LeadRequest {
  id: number;
  /** Counts from 1 in each event, as `~leads approve N` names it. */
  number: number;
  track: string;
  trackId: number;
  userId: string;
  nick: string;
  text: string;
  askedAt: Date;
  answer: "approved" | "refused" | null;
  answeredBy: string | null;
}

const requests = (db: Queryable, eventId: number) =>
  db
    .selectFrom("lead_requests")
    .innerJoin("tracks", "tracks.id", "lead_requests.track_id")
    .select([
      "lead_requests.id",
      "lead_requests.number",
      "tracks.name as track",
      "lead_requests.track_id as trackId",
      "lead_requests.user_id as userId",
      "lead_requests.nick",
      "lead_requests.text",
      "lead_requests.asked_at as askedAt",
      "lead_requests.answer",
      "lead_requests.answered_by as answeredBy",
    ])
    .where("lead_requests.event_id", "=", eventId);

/** The event's open requests, oldest first; `userId`: only theirs. */
export async function openLeadRequests(
  db: Queryable,
  eventId: number,
  userId?: string,
): Promise<LeadRequest[]> {
  let query = requests(db, eventId).where("lead_requests.answer", "is", null);
  if (userId !== undefined) query = query.where("lead_requests.user_id", "=", userId);
  return query.orderBy("lead_requests.number").execute();
}

/** The request with this number in the event. */
export function findLeadRequest(
  db: Queryable,
  eventId: number,
  number: number,
): Promise<LeadRequest | undefined> {
  return requests(db, eventId).where("lead_requests.number", "=", number).executeTakeFirst();
}

/** Stores a new open request and returns its number (the event is locked by the caller). */
export async function addLeadRequest(
  db: Queryable,
  request: {
    eventId: number;
    trackId: number;
    userId: string;
    nick: string;
    text: string;
    at: Date;
  },
): Promise<number> {
  const last = await db
    .selectFrom("lead_requests")
    .select((eb) => eb.fn.max("number").as("n"))
    .where("event_id", "=", request.eventId)
    .executeTakeFirst();
  const number = (last?.n ?? 0) + 1;
  await db
    .insertInto("lead_requests")
    .values({
      event_id: request.eventId,
      number,
      track_id: request.trackId,
      user_id: request.userId,
      nick: request.nick,
      text: request.text,
      asked_at: request.at,
    })
    .execute();
  return number;
}

export async function answerLeadRequest(
  db: Queryable,
  id: number,
  answer: "approved" | "refused",
  by: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable("lead_requests")
    .set({ answer, answered_by: by, answered_at: at })
    .where("id", "=", id)
    .where("answer", "is", null)
    .execute();
}

/**
 * The room where admins hear of requests: the event's oldest bound room that is no track's own
 * room, else its oldest; null when it has none.
 */
export async function adminRoom(db: Queryable, eventId: number): Promise<string | null> {
  const row = await db
    .selectFrom("event_rooms")
    .select("chat_room_id")
    .where("event_id", "=", eventId)
    .orderBy((eb) => eb.case().when("track_id", "is", null).then(0).else(1).end())
    .orderBy("bound_at")
    .orderBy("chat_room_id")
    .executeTakeFirst();
  return row?.chat_room_id ?? null;
}
