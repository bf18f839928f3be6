// GET /help: the full list of chat commands (replies link here), and its stylesheet.
import type { FastifyPluginCallback } from "fastify";
import { HELP_CSS, helpPage } from "../help/page.js";
import { textResponse } from "../schemas/common.js";
import { addPageHeaders } from "../http/security-headers.js";

export const helpRoutes: FastifyPluginCallback = (app, _options, done) => {
  addPageHeaders(app);
  const page = Buffer.from(helpPage());
  const css = Buffer.from(HELP_CSS);
  app.get(
    "/help",
    {
      schema: {
        tags: ["pages"],
        summary: "The chat commands, explained",
        response: { 200: textResponse("text/html", "An HTML page") },
      },
    },
    (_request, reply) => {
      void reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "public, max-age=300")
        .send(page);
    },
  );
  app.get("/help.css", { schema: { hide: true } }, (_request, reply) => {
    void reply
      .type("text/css; charset=utf-8")
      .header("cache-control", "public, max-age=300")
      .send(css);
  });
  done();
};
