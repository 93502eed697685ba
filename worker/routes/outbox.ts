import { createRoute, z } from "@hono/zod-openapi";
import { EMAIL_STATUSES } from "../domain/catalogue";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonResponse, problems, security } from "../http/openapi-common";
import { listDeadLetters } from "../services/dead-letters";
import { listOutbox } from "../services/outbox";

const emailSchema = z.object({
  id: z.string(),
  sequence_id: z.string(),
  step_id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  status: z.enum(EMAIL_STATUSES),
  provider_id: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
});

const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const route = createRoute({
  operationId: "listOutbox",
  tags: ["Outbox"],
  method: "get",
  path: "/api/v1/outbox",
  summary: "Rendered recovery emails, newest first (in outbox mode, the ones that were not sent)",
  security: security.merchant,
  middleware: [requireSecretKey] as const,
  request: { query: limitQuery },
  responses: { 200: jsonResponse("Emails", z.object({ data: z.array(emailSchema) })), 401: problems[401], 422: problems[422] },
});

const deadLetterRoute = createRoute({
  operationId: "listDeadLetters",
  tags: ["Outbox"],
  method: "get",
  path: "/api/v1/dead-letters",
  summary: "Queue messages that exhausted their retries (e.g. Resend down for good), newest first",
  security: security.merchant,
  middleware: [requireSecretKey] as const,
  request: { query: limitQuery },
  responses: {
    200: jsonResponse("Dead letters", z.object({ data: z.array(z.object({ id: z.string(), queue: z.string(), body: z.unknown(), created_at: z.string() })) })),
    401: problems[401],
    422: problems[422],
  },
});

export const outboxRoutes = createRouter()
  .openapi(route, async (c) => c.json({ data: await listOutbox(storeServices(c), c.req.valid("query").limit) }, 200))
  .openapi(deadLetterRoute, async (c) => c.json({ data: await listDeadLetters(storeServices(c), c.req.valid("query").limit) }, 200));
