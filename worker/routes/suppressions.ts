import { createRoute, z } from "@hono/zod-openapi";
import { SUPPRESSION_REASONS, SUPPRESSION_SOURCES } from "../domain/catalogue";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { addSuppression, listSuppressions } from "../services/suppressions";

const sources = [...new Set(Object.values(SUPPRESSION_SOURCES))] as [string, ...string[]];
const suppressionSchema = z.object({ email: z.string(), reason: z.enum(SUPPRESSION_REASONS), source: z.enum(sources), created_at: z.string() });
const common = { tags: ["Suppressions"], security: security.merchant, middleware: [requireSecretKey] };

const list = createRoute({
  ...common,
  operationId: "listSuppressions",
  method: "get",
  path: "/api/v1/suppressions",
  summary: "Unsubscribed, bounced, complained and hand-added addresses; ?q= keeps those containing it; ?format=csv for a download",
  request: { query: z.object({ format: z.enum(["json", "csv"]).default("json"), q: z.string().trim().max(320).optional() }) },
  responses: {
    200: {
      description: "The suppression list",
      content: { "application/json": { schema: z.object({ data: z.array(suppressionSchema) }) }, "text/csv": { schema: z.string() } },
    },
    401: problems[401],
    422: problems[422],
  },
});

const add = createRoute({
  ...common,
  operationId: "addSuppression",
  method: "post",
  path: "/api/v1/suppressions",
  summary: "Suppress an address by hand (reason manual): store-wide, and its live sequences stop; idempotent",
  request: { body: jsonBody(z.strictObject({ email: z.email().max(320), reason: z.literal("manual").optional() })) },
  responses: {
    201: jsonResponse("Suppressed now", suppressionSchema),
    200: jsonResponse("Already suppressed: the first reason and date stay", suppressionSchema),
    401: problems[401],
    422: problems[422],
  },
});

/** RFC 4180 quoting, and a leading quote on formula-like cells so a spreadsheet never runs them. */
const csvCell = (value: string) => {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export const suppressionRoutes = createRouter()
  .openapi(list, async (c) => {
    const { format, q } = c.req.valid("query");
    const rows = await listSuppressions(storeServices(c), { query: q || undefined });
    if (format === "csv") {
      const lines = ["email,reason,created_at,source", ...rows.map((r) => [r.email, r.reason, r.created_at, r.source].map(csvCell).join(","))];
      return c.body(`${lines.join("\r\n")}\r\n`, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="suppressions.csv"',
      });
    }
    return c.json({ data: rows }, 200);
  })
  .openapi(add, async (c) => {
    const { added, suppression } = await addSuppression(storeServices(c), { email: c.req.valid("json").email });
    return c.json(suppression, added ? 201 : 200);
  });
