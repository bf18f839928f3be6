// OpenAPI: @fastify/swagger collects every route's schema (so it is registered before them);
// @fastify/swagger-ui serves the document at /docs/json and a browsable UI at /docs, from
// files in node_modules (works offline).
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import { addPageHeaders, CSP_DIRECTIVES } from "../http/security-headers.js";

export async function installOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "PTG server",
        description:
          "Live state of Project Teams Gathering events: JSON, Server-Sent Events, PTGbot JSON, " +
          "calendars. Errors are `{ error: { code, message } }`.",
        version: "1",
      },
      servers: [{ url: publicUrl }],
      tags: [
        { name: "events", description: "Event state" },
        { name: "calendars", description: "iCalendar feeds" },
        { name: "pages", description: "HTML pages" },
        { name: "operations", description: "Health and metrics" },
      ],
    },
  });
}

// Swagger UI sets a few inline styles; the docs are never framed by Matrix clients, and only
// inline styles (not scripts) are let in.
const DOCS_CSP = {
  ...CSP_DIRECTIVES,
  "style-src": ["'self'", "'unsafe-inline'"],
  "frame-ancestors": ["'self'"],
};

export const docsRoutes: FastifyPluginAsync = async (app) => {
  addPageHeaders(app, DOCS_CSP);
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    staticCSP: false,
    validatorUrl: false,
    uiConfig: { docExpansion: "list", deepLinking: false },
  });
};
