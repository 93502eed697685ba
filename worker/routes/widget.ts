import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { parseJsonText } from "../domain/parse-json";
import { widgetEventSchema, widgetSessionAnswerSchema, widgetSessionSchema } from "../domain/widget";
import { createRouter, storeServices } from "../http/app";
import { requirePublishableKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { widgetCors } from "../http/widget-cors";
import { openWidgetSession, recordWidgetEvent } from "../services/widget";

const keyQuery = z.object({ key: z.string().startsWith("pk_").optional() });
const common = { tags: ["Widget"], security: security.storefront, middleware: [requirePublishableKey, widgetCors] };

const session = createRoute({
  ...common,
  operationId: "openWidgetSession",
  method: "post",
  path: "/api/v1/widget/session",
  summary: "Widget start-up: the recovery popup for this visitor, if one is due",
  request: { query: keyQuery, body: jsonBody(widgetSessionSchema) },
  responses: {
    200: jsonResponse("The popup or null, and the signed visitor to present on later calls", widgetSessionAnswerSchema),
    401: problems[401],
    403: problems[403],
    422: problems[422],
    429: problems[429],
  },
});

const events = createRoute({
  ...common,
  operationId: "recordWidgetEvent",
  method: "post",
  path: "/api/v1/widget/events",
  summary: "Popup shown/clicked/dismissed; accepts text/plain JSON (parsed by hand) so navigator.sendBeacon works",
  request: { query: keyQuery },
  responses: {
    202: { description: "Recorded (once per step and visitor)" },
    400: problems[400],
    401: problems[401],
    403: problems[403],
    404: problems[404],
    422: problems[422],
    429: problems[429],
  },
});

const router = createRouter();
router.options("/api/v1/widget/*", requirePublishableKey, widgetCors);

/** The address the edge saw; rate limits count per address as well as per visitor. */
const caller = (c: Context) => ({ address: c.req.header("cf-connecting-ip") ?? null });

export const widgetRoutes = router
  .openapi(session, async (c) => c.json(await openWidgetSession(storeServices(c), c.req.valid("json"), caller(c)), 200))
  .openapi(events, async (c) => {
    await recordWidgetEvent(storeServices(c), parseJsonText(await c.req.text(), widgetEventSchema), caller(c));
    return c.body(null, 202);
  });
