// Reads frab's schedule.xml (frab, pretalx's /schedule.xml, Giggity's and ConfClerk's input)
// into a RawSchedule with fast-xml-parser. Recognised by content (detect-format.ts): XML
// whose root element is <schedule>. Positions in messages are element paths
// (`schedule/day[2]/room[Ada]/event[1]/duration`), or the line and column of malformed XML.
import { XMLParser } from "fast-xml-parser";
import { SyntaxValidator } from "fast-xml-validator";
import { buildSchedule, type RawTalk } from "./build.js";
import { ScheduleFormatError } from "./schedule-error.js";
import type { TalkLink, TalkPerson, TalkSchedule } from "../domain/talk-model.js";

const LISTS = new Set(["day", "room", "event", "person", "link", "track"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: false,
  isArray: (name) => LISTS.has(name),
});

type Node = Record<string, unknown>;

/** True when `text` looks like frab XML (whether or not it is a valid one). */
export function isFrabXml(text: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<schedule[\s>]/.test(text);
}

function node(value: unknown, at: string): Node {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Node;
  if (value === "" || value === undefined) return {};
  throw new ScheduleFormatError(at, "must be an element with children");
}

/** The text of a child element (or attribute); undefined when absent. */
function textOf(parent: Node, key: string): string | undefined {
  const value = parent[key];
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return textOf({ v: value[0] }, "v");
  if (typeof value === "object" && value !== null) {
    const text = (value as Node)["#text"];
    return typeof text === "string" ? text : typeof text === "number" ? String(text) : "";
  }
  return typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

function required(parent: Node, key: string, at: string): string {
  const value = textOf(parent, key);
  if (value === undefined || value === "") {
    throw new ScheduleFormatError(
      at,
      `must have ${key.startsWith("@") ? "attribute" : "element"} ${key.replace(/^@/, "")}`,
    );
  }
  return value;
}

const optional = (parent: Node, key: string): string | null => {
  const value = textOf(parent, key);
  return value === undefined || value === "" ? null : value;
};

const list = (parent: Node, key: string): Node[] => {
  const value = parent[key];
  return Array.isArray(value) ? value.map((v, i) => node(v, `${key}[${i + 1}]`)) : [];
};

function integer(value: string | null, at: string): number | null {
  if (value === null) return null;
  if (!/^\d{1,9}$/.test(value))
    throw new ScheduleFormatError(
      at,
      `${JSON.stringify(value.slice(0, 20))} is not a whole number`,
    );
  return Number(value);
}

export function parseFrabXml(text: string): TalkSchedule {
  try {
    // No DOCTYPE entities: they are the way to make a small document expand into a huge one.
    SyntaxValidator.validate(text, { docType: { maxEntityCount: 0 } });
  } catch (error) {
    const { line, col, message } = error as { line?: number; col?: number; message?: string };
    throw new ScheduleFormatError(
      `line ${line ?? "?"}, column ${col ?? "?"}`,
      `malformed XML (${String(message).slice(0, 120)})`,
    );
  }
  const root = node((parser.parse(text) as Node).schedule, "schedule");
  const conference = node(root.conference, "schedule/conference");
  const at = "schedule/conference";
  const talks: RawTalk[] = [];
  const days = list(root, "day").map((day, d) => {
    const dayAt = `schedule/day[${d + 1}]`;
    const date = required(day, "@date", dayAt);
    for (const room of list(day, "room")) {
      const roomName = required(room, "@name", dayAt + "/room");
      list(room, "event").forEach((event, e) => {
        const eventAt = `${dayAt}/room[${roomName}]/event[${e + 1}]`;
        const frabId = integer(optional(event, "@id"), `${eventAt}/@id`);
        const guid = optional(event, "@guid") ?? (frabId === null ? null : String(frabId));
        if (guid === null)
          throw new ScheduleFormatError(eventAt, "must have a guid or an id attribute");
        const persons = list(node(event.persons, `${eventAt}/persons`), "person").map(
          (p): TalkPerson => ({
            name: textOf(p, "#text") ?? "",
            guid: optional(p, "@guid"),
            id: integer(optional(p, "@id"), `${eventAt}/persons/person/@id`),
            code: optional(p, "@code"),
          }),
        );
        const links = list(node(event.links, `${eventAt}/links`), "link").map((l): TalkLink => {
          const href = required(l, "@href", `${eventAt}/links/link`);
          return { url: href, title: textOf(l, "#text") || href };
        });
        const recording = node(event.recording, `${eventAt}/recording`);
        talks.push({
          at: eventAt,
          guid,
          frabId,
          date: required(event, "date", eventAt),
          start: optional(event, "start"),
          duration: required(event, "duration", eventAt),
          end: null,
          room: optional(event, "room") ?? roomName,
          day: date,
          title: required(event, "title", eventAt),
          track: optional(event, "track"),
          details: {
            subtitle: optional(event, "subtitle"),
            type: optional(event, "type"),
            language: optional(event, "language"),
            abstract: optional(event, "abstract"),
            description: optional(event, "description"),
            slug: optional(event, "slug"),
            url: optional(event, "url"),
            persons,
            links,
            doNotRecord: optional(recording, "optout") === "true",
          },
        });
      });
    }
    return {
      index: integer(optional(day, "@index"), `${dayAt}/@index`) ?? d + 1,
      date,
      dayStart: required(day, "@start", dayAt),
      dayEnd: required(day, "@end", dayAt),
    };
  });
  const rooms = new Map<
    string,
    { name: string; guid: string | null; description: string | null }
  >();
  for (const day of list(root, "day")) {
    for (const room of list(day, "room")) {
      const name = textOf(room, "@name") ?? "";
      if (!rooms.has(name))
        rooms.set(name, { name, guid: optional(room, "@guid"), description: null });
    }
  }
  return buildSchedule({
    version: required(root, "version", "schedule"),
    conference: {
      title: required(conference, "title", at),
      acronym: required(conference, "acronym", at),
      timeZone: required(conference, "time_zone_name", at),
      timeZoneAt: `${at}/time_zone_name`,
      start: required(conference, "start", at),
      end: required(conference, "end", at),
      timeslot: optional(conference, "timeslot_duration"),
      url: optional(conference, "url"),
      baseUrl: optional(conference, "base_url"),
    },
    days,
    rooms: [...rooms.values()],
    tracks: list(conference, "track").map((t) => ({
      name: required(t, "@name", `${at}/track`),
      color: optional(t, "@color"),
    })),
    talks,
  });
}
