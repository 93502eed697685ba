import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../db/client";
import { listDeadLetters } from "../db/dead-letters";
import { listEmails } from "../db/emails";
import { createRouter } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonResponse, problems, secretKeySecurity } from "../http/openapi-common";

const emailSchema = z.object({
  id: z.string(),
  sequence_id: z.string(),
  step_id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  status: z.string(),
  provider_id: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
});

const route = createRoute({
  method: "get",
  path: "/api/v1/outbox",
  summary: "Rendered recovery emails, newest first (in outbox mode, the ones that were not sent)",
  security: secretKeySecurity,
  middleware: [requireSecretKey] as const,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: { 200: jsonResponse("Emails", z.object({ data: z.array(emailSchema) })), 401: problems[401], 422: problems[422] },
});

const deadLetterRoute = createRoute({
  method: "get",
  path: "/api/v1/dead-letters",
  summary: "Queue messages that exhausted their retries (e.g. Resend down for good), newest first",
  security: secretKeySecurity,
  middleware: [requireSecretKey] as const,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: {
    200: jsonResponse("Dead letters", z.object({ data: z.array(z.object({ id: z.string(), queue: z.string(), body: z.unknown(), created_at: z.string() })) })),
    401: problems[401],
    422: problems[422],
  },
});

export const outboxRoutes = createRouter()
  .openapi(route, async (c) => c.json({ data: await listEmails(database(c.env.DB), c.get("store").id, c.req.valid("query").limit) }, 200))
  .openapi(deadLetterRoute, async (c) => c.json({ data: await listDeadLetters(database(c.env.DB), c.get("store").id, c.req.valid("query").limit) }, 200));
