import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { previewStepEmail, sendTestEmail } from "../services/email-preview";

const params = z.object({ step_id: z.string().min(1).max(64) });
const common = { tags: ["Email"], security: security.merchant, middleware: [requireSecretKey] };

const preview = createRoute({
  ...common,
  operationId: "previewStepEmail",
  method: "get",
  path: "/api/v1/store/steps/{step_id}/preview",
  summary: "A step's email as HTML and text, with a sample cart or a real sequence's cart",
  request: { params, query: z.object({ sequence_id: z.string().max(100).optional() }) },
  responses: {
    200: jsonResponse("The rendered email", z.object({ subject: z.string(), html: z.string(), text: z.string() })),
    401: problems[401],
    404: problems[404],
  },
});

const sendTest = createRoute({
  ...common,
  operationId: "sendTestEmail",
  method: "post",
  path: "/api/v1/store/steps/{step_id}/test",
  summary: "Send a step's email, with a sample cart, to an address (tagged type=test)",
  request: { params, body: jsonBody(z.strictObject({ to: z.email() })) },
  responses: {
    200: jsonResponse("Sent, or rendered only in outbox mode", z.object({ mode: z.enum(["resend", "outbox"]), id: z.string().nullable(), subject: z.string() })),
    401: problems[401],
    404: problems[404],
    422: problems[422],
    429: problems[429],
    502: problems[502],
  },
});

const origin = (url: string) => new URL(url).origin;

export const emailPreviewRoutes = createRouter()
  .openapi(preview, async (c) => {
    const input = { stepId: c.req.valid("param").step_id, sequenceId: c.req.valid("query").sequence_id, baseUrl: origin(c.req.url) };
    return c.json(await previewStepEmail(storeServices(c), input), 200);
  })
  .openapi(sendTest, async (c) => {
    const input = { stepId: c.req.valid("param").step_id, to: c.req.valid("json").to, baseUrl: origin(c.req.url) };
    return c.json(await sendTestEmail(storeServices(c), input), 200);
  });
