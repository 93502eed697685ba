import { createRoute, z } from "@hono/zod-openapi";
import { analyticsSchema } from "../domain/analytics";
import { reportDay } from "../domain/event-time";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonResponse, problems, security } from "../http/openapi-common";
import { getAnalytics } from "../services/analytics";
import { deliverabilitySummarySchema } from "../domain/deliverability/report";

const analyticsAnswer = analyticsSchema.extend({ deliverability: deliverabilitySummarySchema.describe("the deliverability guard now (last 24 h), whatever the range") });

const route = createRoute({
  operationId: "getAnalytics",
  tags: ["Analytics"],
  method: "get",
  path: "/api/v1/recovery/analytics",
  summary: "Recovery analytics for a range of UTC days (default: the last 30)",
  security: security.merchant,
  middleware: [requireSecretKey] as const,
  request: { query: z.object({ from: reportDay.optional(), to: reportDay.optional() }) },
  responses: { 200: jsonResponse("Analytics", analyticsAnswer), 401: problems[401], 422: problems[422] },
});

export const analyticsRoutes = createRouter().openapi(route, async (c) => {
  const { analytics, rowsRead } = await getAnalytics(storeServices(c), c.req.valid("query"));
  c.header("x-d1-rows-read", String(rowsRead));
  return c.json(analytics, 200);
});
