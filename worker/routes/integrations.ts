import { createRoute, z } from "@hono/zod-openapi";
import { INTEGRATIONS } from "../domain/catalogue";
import { deliverabilitySummarySchema } from "../domain/deliverability/report";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonResponse, problems, security } from "../http/openapi-common";
import { listIntegrations, testIntegration } from "../services/integrations";
import { listKlaviyoFlows } from "../services/klaviyo-flows";

const integrationSchema = z.object({
  configured: z.boolean(),
  last_success: z.string().nullable(),
  last_error: z.object({ message: z.string(), at: z.string() }).nullable(),
  circuit_state: z.enum(["closed", "open", "half_open"]),
  events_waiting: z.number(),
  events_dropped: z.number(),
});
const healthSchema = z.object({
  resend: integrationSchema.extend({ deliverability: deliverabilitySummarySchema }),
  klaviyo: integrationSchema,
  ga4: integrationSchema,
});

const testResultSchema = z.object({
  name: z.enum(INTEGRATIONS),
  ok: z.boolean(),
  detail: z.string(),
  messages: z.array(z.object({ field: z.string(), description: z.string(), code: z.string() })),
});

const klaviyoFlowsSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.string().openapi({ description: "Klaviyo's flow status: draft, manual or live" }),
      trigger_type: z.string().nullable(),
    }),
  ),
  more: z.boolean().openapi({ description: "The account has more flows than were read (150, by name)" }),
});

const common = { tags: ["Integrations"], security: security.merchant, middleware: [requireSecretKey] };

const list = createRoute({
  ...common,
  operationId: "listIntegrations",
  method: "get",
  path: "/api/v1/integrations",
  summary: "Health of Resend, Klaviyo and GA4 for the store: configured, last success, last error, circuit, events waiting (never a key)",
  responses: { 200: jsonResponse("One entry per integration, by name", healthSchema), 401: problems[401] },
});

const test = createRoute({
  ...common,
  operationId: "testIntegration",
  method: "post",
  path: "/api/v1/integrations/{name}/test",
  summary: "A live check with the store's credentials (Klaviyo: an authenticated read; GA4: the validation server; Resend: the key's domains)",
  request: { params: z.object({ name: z.string().min(1).max(20) }) },
  responses: { 200: jsonResponse("The check's outcome", testResultSchema), 401: problems[401], 404: problems[404] },
});

const klaviyoFlows = createRoute({
  ...common,
  operationId: "listKlaviyoFlows",
  method: "get",
  path: "/api/v1/integrations/klaviyo/flows",
  summary: "The store's Klaviyo flows (not archived, by name), to pick the recovery flows in klaviyo.recovery_flow_ids",
  responses: {
    200: jsonResponse("The flows, read with the store's Klaviyo key", klaviyoFlowsSchema),
    401: problems[401],
    409: { ...problems[409], description: "Klaviyo is not connected for this store (no klaviyo.api_key)" },
    429: { ...problems[429], description: "Klaviyo is rate limiting the account; `Retry-After` is Klaviyo's" },
    502: { ...problems[502], description: "Klaviyo refused the key or failed; `detail` gives Klaviyo's answer (never the key)" },
  },
});

export const integrationRoutes = createRouter()
  .openapi(klaviyoFlows, async (c) => c.json(await listKlaviyoFlows(storeServices(c)), 200))
  .openapi(list, async (c) => c.json(await listIntegrations(storeServices(c)), 200))
  .openapi(test, async (c) => c.json(await testIntegration(storeServices(c), c.req.valid("param").name), 200));
