// What track moderators (voice, when the event requires it) and admins may do from the widget:
// say what a track discusses now and next, clean them, book a free slot and unbook the track's
// own, post and remove banners. Each is the chat command's operation, run by action-run.ts
// (which refuses, with the chat's words, those without the power level the chat would need).
import type { JsonSchemaToTsProvider } from "@fastify/type-provider-json-schema-to-ts";
import type { FastifyPluginCallback } from "fastify";
import { sessionOf } from "../auth/bearer.js";
import { runAction } from "./action-run.js";
import {
  actionProperties,
  actionErrors,
  actionReply,
  slugParams,
  textProperty,
  trackProperty,
} from "./action-schemas.js";
import type { ActionRoutesOptions } from "./actions-attendee.js";

const bare = (track: string): string => (track.startsWith("#") ? track.slice(1) : track);

const topicBody = {
  type: "object",
  required: ["room", "track", "topic"],
  properties: { ...actionProperties, track: trackProperty, topic: textProperty },
  additionalProperties: false,
} as const;
const trackBody = {
  type: "object",
  required: ["room", "track"],
  properties: { ...actionProperties, track: trackProperty },
  additionalProperties: false,
} as const;
const slotBody = {
  type: "object",
  required: ["room", "track", "venueRoom", "slot"],
  properties: {
    ...actionProperties,
    track: trackProperty,
    venueRoom: {
      type: "string",
      minLength: 1,
      maxLength: 255,
      description: "The room of the schedule (not a Matrix room)",
    },
    slot: { type: "string", minLength: 1, maxLength: 64, description: "The slot's code" },
  },
  additionalProperties: false,
} as const;
const bannerBody = {
  type: "object",
  required: ["room", "level", "message"],
  properties: {
    ...actionProperties,
    level: { type: "string", enum: ["info", "success", "warning", "danger"] },
    message: textProperty,
  },
  additionalProperties: false,
} as const;
const bannerNumberBody = {
  type: "object",
  required: ["room", "number"],
  properties: {
    ...actionProperties,
    number: {
      type: "integer",
      minimum: 1,
      maximum: 999999,
      description: "The banner's number, counting from 1 as shown",
    },
  },
  additionalProperties: false,
} as const;

export const moderatorActionRoutes: FastifyPluginCallback<ActionRoutesOptions> = (
  app,
  options,
  done,
) => {
  const typed = app.withTypeProvider<JsonSchemaToTsProvider>();
  const guard = {
    onRequest: app.requireWidgetSession,
    ...(options.userLimiter === undefined ? {} : { preHandler: options.userLimiter }),
  };
  const docs = (summary: string) => ({
    tags: ["widget"],
    summary,
    params: slugParams,
    response: { 200: actionReply, ...actionErrors },
  });

  for (const adverb of ["now", "next"] as const) {
    typed.post(
      `/events/:slug/actions/${adverb}`,
      {
        ...guard,
        schema: {
          ...docs(`Say what a track discusses ${adverb} (#TRACK ${adverb})`),
          body: topicBody,
        },
      },
      (request) => {
        const track = bare(request.body.track);
        const topic = request.body.topic.replace(/\s+/g, " ").trim();
        return runAction(options, {
          session: sessionOf(request),
          slug: request.params.slug,
          roomId: request.body.room,
          requestId: request.body.requestId,
          operation: { kind: adverb === "now" ? "track.now" : "track.next", track, topic },
          text: `#${track} ${adverb} ${topic}`,
        });
      },
    );
  }
  typed.post(
    "/events/:slug/actions/clean",
    {
      ...guard,
      schema: { ...docs("Clear a track's now and next (#TRACK clean)"), body: trackBody },
    },
    (request) => {
      const track = bare(request.body.track);
      return runAction(options, {
        session: sessionOf(request),
        slug: request.params.slug,
        roomId: request.body.room,
        requestId: request.body.requestId,
        operation: { kind: "track.clean", track },
        text: `#${track} clean`,
      });
    },
  );
  for (const verb of ["book", "unbook"] as const) {
    typed.post(
      `/events/:slug/actions/${verb}`,
      {
        ...guard,
        schema: {
          ...docs(
            verb === "book"
              ? "Book a free slot for a track (#TRACK book ROOM-SLOT)"
              : "Free a slot the track booked (#TRACK unbook ROOM-SLOT)",
          ),
          body: slotBody,
        },
      },
      (request) => {
        const track = bare(request.body.track);
        const { venueRoom: room, slot } = request.body;
        return runAction(options, {
          session: sessionOf(request),
          slug: request.params.slug,
          roomId: request.body.room,
          requestId: request.body.requestId,
          operation: {
            kind: verb === "book" ? "booking.book" : "booking.unbook",
            track,
            room,
            slot,
          },
          text: `#${track} ${verb} ${room}-${slot}`,
        });
      },
    );
  }
  typed.post(
    "/events/:slug/actions/banner",
    {
      ...guard,
      schema: { ...docs("Post a banner (~motd add LEVEL MSG; admins)"), body: bannerBody },
    },
    (request) => {
      const { level } = request.body;
      const message = request.body.message.replace(/\s+/g, " ").trim();
      return runAction(options, {
        session: sessionOf(request),
        slug: request.params.slug,
        roomId: request.body.room,
        requestId: request.body.requestId,
        operation:
          message === ""
            ? {
                kind: "chat.invalid",
                scope: { kind: "admin" },
                reply: "Missing parameters (~motd add LEVEL MSG)",
              }
            : { kind: "admin.motdAdd", level, message },
        text: `~motd add ${level} ${message}`,
      });
    },
  );
  typed.post(
    "/events/:slug/actions/remove-banner",
    {
      ...guard,
      schema: { ...docs("Remove a banner (~motd del NUM; admins)"), body: bannerNumberBody },
    },
    (request) =>
      runAction(options, {
        session: sessionOf(request),
        slug: request.params.slug,
        roomId: request.body.room,
        requestId: request.body.requestId,
        operation: { kind: "admin.motdDel", number: request.body.number },
        text: `~motd del ${request.body.number}`,
      }),
  );
  done();
};
