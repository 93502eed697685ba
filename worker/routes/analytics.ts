import { createRoute, z } from "@hono/zod-openapi";
import { loadRollups } from "../db/analytics";
import { database } from "../db/client";
import { analyticsSchema, summarise } from "../domain/analytics";
import { invalidField } from "../errors";
import { createRouter } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonResponse, problems, secretKeySecurity } from "../http/openapi-common";

const day = z.iso.date().or(z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString().slice(0, 10)));

const route = createRoute({
  method: "get",
  path: "/api/v1/recovery/analytics",
  summary: "Recovery analytics for a range of UTC days (default: the last 30)",
  security: secretKeySecurity,
  middleware: [requireSecretKey] as const,
  request: { query: z.object({ from: day.optional(), to: day.optional() }) },
  responses: { 200: jsonResponse("Analytics", analyticsSchema), 401: problems[401], 422: problems[422] },
});

export const analyticsRoutes = createRouter().openapi(route, async (c) => {
  const store = c.get("store");
  const query = c.req.valid("query");
  const to = query.to ?? new Date().toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
  if (from > to) throw invalidField("from", "must not be after `to`");
  const { rows, activeSequences, rowsRead } = await loadRollups(c.env.DB, database(c.env.DB), store.id, from, to);
  const stepIds = store.settings.steps.map((s) => s.id);
  c.header("x-d1-rows-read", String(rowsRead));
  return c.json(summarise({ from, to, rows, activeSequences, stepIds, currency: store.settings.currency }), 200);
});
