import { createRoute, z } from "@hono/zod-openapi";
import { SUPPRESSION_REASONS } from "../domain/catalogue";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { problems, security } from "../http/openapi-common";
import { listSuppressions } from "../services/suppressions";

const suppressionSchema = z.object({ email: z.string(), reason: z.enum(SUPPRESSION_REASONS), created_at: z.string() });

const route = createRoute({
  operationId: "listSuppressions",
  tags: ["Suppressions"],
  method: "get",
  path: "/api/v1/suppressions",
  summary: "Unsubscribed, bounced and complained addresses; ?format=csv for a download",
  security: security.merchant,
  middleware: [requireSecretKey] as const,
  request: { query: z.object({ format: z.enum(["json", "csv"]).default("json") }) },
  responses: {
    200: {
      description: "The suppression list",
      content: { "application/json": { schema: z.object({ data: z.array(suppressionSchema) }) }, "text/csv": { schema: z.string() } },
    },
    401: problems[401],
    422: problems[422],
  },
});

/** RFC 4180 quoting, and a leading quote on formula-like cells so a spreadsheet never runs them. */
const csvCell = (value: string) => {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export const suppressionRoutes = createRouter().openapi(route, async (c) => {
  const rows = await listSuppressions(storeServices(c));
  if (c.req.valid("query").format === "csv") {
    const lines = ["email,reason,created_at", ...rows.map((r) => [r.email, r.reason, r.created_at].map(csvCell).join(","))];
    return c.body(`${lines.join("\r\n")}\r\n`, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="suppressions.csv"',
    });
  }
  return c.json({ data: rows }, 200);
});
