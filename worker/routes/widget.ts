import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../db/client";
import { openWidgetSession, popupOfferSchema, recordWidgetEvent, widgetEventSchema, widgetSessionSchema } from "../domain/widget";
import { createRouter } from "../http/app";
import { requirePublishableKey } from "../http/auth";
import { jsonBody, jsonResponse, problems } from "../http/openapi-common";
import { parseJsonText } from "../http/parse-json";
import { widgetCors } from "../http/widget-cors";

const keyQuery = z.object({ key: z.string().startsWith("pk_").optional() });
const widgetAuth = [requirePublishableKey, widgetCors];


const session = createRoute({
  method: "post",
  path: "/api/v1/widget/session",
  summary: "Widget start-up: the recovery popup for this visitor, if one is due",
  middleware: widgetAuth,
  request: { query: keyQuery, body: jsonBody(widgetSessionSchema) },
  responses: { 200: jsonResponse("The popup or null", z.object({ popup: popupOfferSchema.nullable() })), 401: problems[401], 422: problems[422] },
});

const events = createRoute({
  method: "post",
  path: "/api/v1/widget/events",
  summary: "Popup shown/clicked/dismissed; accepts text/plain JSON (parsed by hand) so navigator.sendBeacon works",
  middleware: widgetAuth,
  request: { query: keyQuery },
  responses: { 202: { description: "Recorded" }, 400: problems[400], 401: problems[401], 404: problems[404], 422: problems[422] },
});

const router = createRouter();
router.options("/api/v1/widget/*", requirePublishableKey, widgetCors);

export const widgetRoutes = router
  .openapi(session, async (c) => {
    const popup = await openWidgetSession(c.env, database(c.env.DB), c.get("store"), c.req.valid("json"));
    return c.json({ popup }, 200);
  })
  .openapi(events, async (c) => {
    await recordWidgetEvent(c.env, database(c.env.DB), c.get("store"), parseJsonText(await c.req.text(), widgetEventSchema));
    return c.body(null, 202);
  });
