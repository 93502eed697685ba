import { createRoute, z } from "@hono/zod-openapi";
import { INTEGRATIONS } from "../domain/catalogue";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonResponse, problems, security } from "../http/openapi-common";
import { listIntegrations, testIntegration } from "../services/integrations";

const integrationSchema = z.object({
  configured: z.boolean(),
  last_success: z.string().nullable(),
  last_error: z.object({ message: z.string(), at: z.string() }).nullable(),
  circuit_state: z.enum(["closed", "open", "half_open"]),
  events_waiting: z.number(),
  events_dropped: z.number(),
});
const healthSchema = z.object({ resend: integrationSchema, klaviyo: integrationSchema, ga4: integrationSchema });

const testResultSchema = z.object({
  name: z.enum(INTEGRATIONS),
  ok: z.boolean(),
  detail: z.string(),
  messages: z.array(z.object({ field: z.string(), description: z.string(), code: z.string() })),
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

export const integrationRoutes = createRouter()
  .openapi(list, async (c) => c.json(await listIntegrations(storeServices(c)), 200))
  .openapi(test, async (c) => c.json(await testIntegration(storeServices(c), c.req.valid("param").name), 200));
