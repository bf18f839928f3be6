// Shared set-up for the talk schedule tests: the fixtures, and imports run through the core as
// the CLI runs them (the admin.importDocument operation).
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { execute } from "../../shared/operations/execute.js";
import { eventTalks } from "../../shared/store/talks.js";
import { findEvent } from "../../shared/store/events.js";

export const C3VOC_PATH = new URL("../fixtures/schedule-c3voc.json", import.meta.url);
export const FRAB_PATH = new URL("../fixtures/schedule-frab.xml", import.meta.url);

export type Json = Record<string, unknown>;

/** A fresh copy of the c3voc fixture. */
export const c3voc = (): Json => JSON.parse(readFileSync(C3VOC_PATH, "utf8")) as Json;
export const frabXml = (): string => readFileSync(FRAB_PATH, "utf8");

/** The fixture's days[d].rooms[room][i]. */
export function talkOf(doc: Json, d: number, room: string, i: number): Json {
  const conference = (doc.schedule as Json).conference as Json;
  const day = (conference.days as Json[])[d] as Json;
  return ((day.rooms as Record<string, Json[]>)[room] ?? [])[i] as Json;
}

export function roomList(doc: Json, d: number, room: string): Json[] {
  const conference = (doc.schedule as Json).conference as Json;
  const day = (conference.days as Json[])[d] as Json;
  return ((day.rooms as Record<string, Json[]>)[room] ??= []);
}

/** Imports `document` into `slug` as an admin: the reply, and whether it was refused. */
export async function importDocument(db: Kysely<Database>, slug: string, document: unknown) {
  const done = await execute(
    db,
    { kind: "admin.importDocument", document, from: "test" },
    { id: "cli:admin", nick: "admin", powerLevel: 100 },
    {
      commandId: `test:${randomUUID()}`,
      eventSlug: slug,
      chatRoomId: null,
      replyTo: null,
      text: "import test",
    },
    {
      helpUrl: "http://ptg.test/help",
      onError: (error) => {
        throw error;
      },
    },
  );
  return { result: done.result, reply: done.reply };
}

/** The event's talks and version, to show that a refused import changed nothing. */
export async function snapshotOf(db: Kysely<Database>, slug: string) {
  const event = await findEvent(db, slug);
  if (event === undefined) return { version: 0, talks: [] };
  return { version: event.version, talks: await eventTalks(db, event.id) };
}

/**
 * Version 1.1 of the c3voc fixture: the first talk moved to 12:00, the last one cancelled,
 * and a new one (guid `…000000000005`, "Neu: Gleisbau") added in Saal Ada.
 */
export function movedCancelledAdded(): Json {
  const doc = c3voc();
  (doc.schedule as Json).version = "1.1";
  Object.assign(talkOf(doc, 0, "Saal Ada", 0), {
    date: "2026-12-27T12:00:00+01:00",
    start: "12:00",
  });
  roomList(doc, 1, "Salle Émile").splice(0, 1);
  roomList(doc, 1, "Saal Ada").push({
    ...talkOf(c3voc(), 1, "Salle Émile", 0),
    guid: "5b0e6a1e-1111-4c4c-8a8a-000000000005",
    room: "Saal Ada",
    title: "Neu: Gleisbau",
  });
  return doc;
}
