// The JSON schema of EventState (shared/api/event-state.ts), for the API documentation.
// Responses are sent pre-serialized, so this documents the shape; it does not filter it.

const nullableString = { type: ["string", "null"] } as const;
const isoTime = { type: "string", format: "date-time" } as const;

const track = {
  type: "object",
  required: [
    "name",
    "color",
    "etherpad",
    "etherpadCustom",
    "url",
    "location",
    "now",
    "next",
    "checkedIn",
  ],
  properties: {
    name: { type: "string" },
    color: { ...nullableString, description: "A validated CSS colour" },
    etherpad: { type: "string", description: "The etherpad link in effect" },
    etherpadCustom: { type: "boolean" },
    url: { ...nullableString, description: "The track's own meeting link" },
    location: { ...nullableString, description: "Where the track meets now" },
    now: {
      type: ["object", "null"],
      required: ["topic", "since"],
      properties: { topic: { type: "string" }, since: isoTime },
    },
    next: { type: "array", items: { type: "string" } },
    checkedIn: {
      type: "array",
      items: {
        type: "object",
        required: ["nick", "since"],
        properties: { nick: { type: "string" }, since: isoTime },
      },
    },
  },
} as const;

const day = {
  type: "object",
  required: ["name", "slots"],
  properties: {
    name: { type: "string" },
    slots: {
      type: "array",
      items: {
        type: "object",
        required: ["code", "label", "startsAt", "durationMinutes"],
        properties: {
          code: { type: "string", description: "e.g. `MonA1`" },
          label: { type: "string", description: "e.g. `09:00-10:45`" },
          startsAt: { type: ["string", "null"], format: "date-time" },
          durationMinutes: { type: ["integer", "null"] },
        },
      },
    },
  },
} as const;

const room = {
  type: "object",
  required: ["name", "description", "capabilityIcon", "capabilityDescription", "url", "bookings"],
  properties: {
    name: { type: "string" },
    description: nullableString,
    capabilityIcon: nullableString,
    capabilityDescription: nullableString,
    url: nullableString,
    bookings: {
      type: "object",
      description: "Slot code → booked track, or null when available",
      additionalProperties: { type: ["string", "null"] },
    },
  },
} as const;

export const eventStateSchema = {
  type: "object",
  description: "The whole state of an event",
  required: [
    "slug",
    "name",
    "timeZone",
    "firstDay",
    "matrixRooms",
    "ircChannel",
    "version",
    "updatedAt",
    "voiceRequired",
    "powerChangedAt",
    "etherpadBase",
    "banners",
    "links",
    "tracks",
    "days",
    "rooms",
  ],
  properties: {
    slug: { type: "string" },
    name: { type: "string" },
    timeZone: { ...nullableString, description: "The venue's IANA time zone, e.g. Europe/Berlin" },
    firstDay: { ...nullableString, format: "date", description: "The date of the first day" },
    matrixRooms: {
      type: "array",
      description: "Matrix room ids bound to the event",
      items: { type: "string" },
    },
    ircChannel: {
      type: ["object", "null"],
      required: ["url", "channel", "network"],
      properties: {
        url: { type: "string", description: "e.g. ircs://irc.oftc.net/#openinfra-events" },
        channel: { type: "string" },
        network: { type: "string" },
      },
    },
    version: { type: "integer", description: "Bumped by every change" },
    updatedAt: isoTime,
    voiceRequired: { type: "boolean" },
    powerChangedAt: {
      ...nullableString,
      format: "date-time",
      description:
        "When a power level last changed in one of the event's Matrix rooms (widgets then re-read what their user may do)",
    },
    etherpadBase: { type: "string" },
    banners: {
      type: "array",
      items: {
        type: "object",
        required: ["level", "message"],
        properties: {
          level: { type: "string", enum: ["info", "success", "warning", "danger"] },
          message: { type: "string" },
        },
      },
    },
    links: {
      type: "array",
      items: {
        type: "object",
        required: ["label", "url"],
        properties: { label: { type: "string" }, url: { type: "string" } },
      },
    },
    tracks: { type: "array", items: track },
    days: { type: "array", items: day },
    rooms: { type: "array", items: room },
  },
} as const;
