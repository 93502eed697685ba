import { createRouter } from "../http/app";
import { PAGE_STYLESHEET, PAGE_STYLESHEET_PATH } from "../http/page";

/** The shopper pages' stylesheet (not an API operation, so not in the OpenAPI document). */
export const pageStylesheetRoutes = createRouter().get(PAGE_STYLESHEET_PATH, (c) =>
  c.body(PAGE_STYLESHEET, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" }),
);
