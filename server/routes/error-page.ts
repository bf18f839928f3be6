// GET /error.css: the few rules the HTML error pages add to /help.css (long addresses and
// names wrap instead of widening the page).
import type { FastifyPluginCallback } from "fastify";
import { ERROR_PAGE_CSS } from "../http/error-page.js";
import { addPageHeaders } from "../http/security-headers.js";

export const errorPageRoutes: FastifyPluginCallback = (app, _options, done) => {
  addPageHeaders(app);
  const css = Buffer.from(ERROR_PAGE_CSS);
  app.get("/error.css", { schema: { hide: true } }, (_request, reply) => {
    void reply
      .type("text/css; charset=utf-8")
      .header("cache-control", "public, max-age=300")
      .send(css);
  });
  done();
};
