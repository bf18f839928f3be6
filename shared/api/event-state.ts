// The typed state of one event, as the HTTP API serves it and the widget renders it: TypeBox
// schemas (the server documents the state endpoint with them) and the types derived from them.
// Browser-safe; the widget must import this module with `import type` only, so that TypeBox
// stays out of its bundle (widget/scripts/check-size.mjs would fail).
import { Type, type Static } from "typebox";
import { BANNER_LEVELS, type BannerLevel } from "./banner-levels.js";
import { IsoTime, Nullable, StringMap } from "./schema-helpers.js";

// (Also here for the server's modules that read the levels with the state's types.)
export { BANNER_LEVELS, type BannerLevel };

const NullableString = (description?: string) =>
  Nullable(Type.String(), description === undefined ? {} : { description });

export const BannerSchema = Type.Object({
  level: Type.Unsafe<BannerLevel>({ type: "string", enum: [...BANNER_LEVELS] }),
  message: Type.String(),
});
export type Banner = Static<typeof BannerSchema>;

export const EventLinkSchema = Type.Object({ label: Type.String(), url: Type.String() });
export type EventLink = Static<typeof EventLinkSchema>;

export const NowTopicSchema = Type.Object({
  topic: Type.String(),
  since: Type.String({ format: "date-time", description: "When the topic was set" }),
});
export type NowTopic = Static<typeof NowTopicSchema>;

export const CheckedInPersonSchema = Type.Object({
  nick: Type.String(),
  since: Type.String({ format: "date-time", description: "The check-in time" }),
});
export type CheckedInPerson = Static<typeof CheckedInPersonSchema>;

export const TrackStateSchema = Type.Object({
  name: Type.String(),
  color: NullableString("A validated CSS colour, or null when none was set"),
  etherpad: Type.String({
    description:
      "The etherpad link in effect: the one set by `etherpad URL`, else the generated one",
  }),
  etherpadCustom: Type.Boolean({ description: "True when `etherpad URL` set it by hand" }),
  url: NullableString("The track's own meeting link (`url URL`), overriding its room's"),
  location: NullableString("Where the track meets now: set by hand or from today's schedule"),
  now: Nullable(NowTopicSchema),
  next: Type.Array(Type.String()),
  checkedIn: Type.Array(CheckedInPersonSchema, {
    description: "People currently checked into this track (not checked out)",
  }),
  leads: Type.Optional(
    Type.Array(Type.String(), {
      description:
        "The track's leads by name: their display name in one of the event's rooms, else " +
        "their localpart (never a Matrix id); sorted. Absent when the track has none",
    }),
  ),
});
export type TrackState = Static<typeof TrackStateSchema>;

export const SlotStateSchema = Type.Object({
  code: Type.String({ description: "e.g. `MonA1`: unique within the event" }),
  label: Type.String({ description: "e.g. `09:00-10:45`" }),
  startsAt: Nullable(Type.String({ format: "date-time" }), {
    description:
      "Real start time, when known: the schedule's own, else one computed from a label that " +
      "looks like a time and the event's time zone and first day",
  }),
  durationMinutes: Nullable(Type.Integer(), {
    description: "The schedule's own length, else from a label with an end (`09:00-10:45`)",
  }),
});
export type SlotState = Static<typeof SlotStateSchema>;

export const DayStateSchema = Type.Object({
  name: Type.String({ description: "e.g. `Monday`" }),
  slots: Type.Array(SlotStateSchema),
});
export type DayState = Static<typeof DayStateSchema>;

export const RoomStateSchema = Type.Object({
  name: Type.String(),
  description: NullableString(),
  capabilityIcon: NullableString(),
  capabilityDescription: NullableString(),
  url: NullableString("The room's meeting link (video room), when it has one"),
  bookings: StringMap(NullableString(), {
    description:
      "Slot code → booked track, or null when available; slots the room does not offer are absent",
  }),
});
export type RoomState = Static<typeof RoomStateSchema>;

export const TalkStateSchema = Type.Object(
  {
    guid: Type.String(),
    title: Type.String(),
    track: NullableString("The PTG track the talk belongs to"),
    room: Type.String(),
    startsAt: Type.String({ format: "date-time" }),
    durationMinutes: Type.Integer(),
    day: Type.String({
      format: "date",
      description: "The conference day it is listed under (after midnight: the day before)",
    }),
    persons: Type.Array(Type.String()),
  },
  { description: "A talk of an imported schedule, with its real start and length" },
);
export type TalkState = Static<typeof TalkStateSchema>;

export const IrcChannelStateSchema = Type.Object(
  {
    url: Type.String({ description: "e.g. `ircs://irc.oftc.net/#openinfra-events`" }),
    channel: Type.String({ description: "e.g. `#openinfra-events`" }),
    network: Type.String({ description: "e.g. `irc.oftc.net`" }),
  },
  { description: "The event's IRC channel, when one is configured" },
);
export type IrcChannelState = Static<typeof IrcChannelStateSchema>;

export const TrackRoomLinkSchema = Type.Object({
  track: Type.String(),
  roomId: Type.String(),
  alias: NullableString("The room's alias (e.g. `#ptg-nova:example.org`), when known"),
});
export type TrackRoomLink = Static<typeof TrackRoomLinkSchema>;

export const EventStateSchema = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    timeZone: NullableString("The venue's IANA time zone, e.g. Europe/Berlin"),
    firstDay: Nullable(Type.String({ format: "date" }), {
      description: "The date of the first day, e.g. 2026-04-13",
    }),
    matrixRooms: Type.Array(Type.String(), {
      description:
        "The event's public Matrix rooms (join rule public, or marked public by an admin), oldest binding first",
    }),
    trackRooms: Type.Array(TrackRoomLinkSchema, {
      description:
        "Each track's own Matrix room, when it is public (join rule public, or marked public by an admin), by track name",
    }),
    ircChannel: Nullable(IrcChannelStateSchema),
    version: Type.Integer({
      description: "Bumped by every change; the ETag and the live stream are keyed on it",
    }),
    updatedAt: IsoTime,
    voiceRequired: Type.Boolean(),
    leadsRequired: Type.Boolean({
      description: "~requireleads: a track's commands only from its leads and admins",
    }),
    privateLinks: Type.Boolean({
      description:
        "`~privatelinks on`: track urls, etherpads and rooms' meeting links are left out of this state (null urls, empty etherpads); signed-in members of the event's rooms read them from `/me`",
    }),
    powerChangedAt: Nullable(IsoTime, {
      description:
        "When a power level last changed in one of the event's Matrix rooms, as the bot saw it (null: none known); with voiceRequired, the signal for a signed-in widget to re-read what its user may do",
    }),
    etherpadBase: Type.String(),
    banners: Type.Array(BannerSchema),
    links: Type.Array(EventLinkSchema),
    tracks: Type.Array(TrackStateSchema, { description: "Sorted by name" }),
    days: Type.Array(DayStateSchema, { description: "In schedule order" }),
    rooms: Type.Array(RoomStateSchema, { description: "In schedule order" }),
    talks: Type.Array(TalkStateSchema, {
      description:
        "Talks of an imported schedule (pretalx, frab, c3voc), by start: they may overlap and differ in length, unlike the slots",
    }),
  },
  { description: "The whole state of an event" },
);
export type EventState = Static<typeof EventStateSchema>;
