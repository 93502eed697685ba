import { createRoute, z } from "@hono/zod-openapi";
import { stepSchema } from "../domain/steps";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { previewStepEmail, sendTestEmail, storedEmailHtml } from "../services/email-preview";

const params = z.object({ step_id: z.string().min(1).max(64) });
const common = { tags: ["Email"], security: security.merchant, middleware: [requireSecretKey] };
const renderedEmail = z.object({ subject: z.string(), html: z.string(), text: z.string() });
const sequenceId = z.string().max(100).optional();

/** A subject and body as the editor holds them, validated as saving them would be (placeholders included). */
const draftFields = { subject: stepSchema.shape.subject, body: stepSchema.shape.body };

/** A browser sends a form's line breaks as CRLF (HTML form encoding); the editor's text has LF, as saving it would. */
const formText = (field: z.ZodType<string, string>) => z.string().transform((text) => text.replace(/\r\n?/g, "\n")).pipe(field);
const draftForm = z.strictObject({ subject: formText(stepSchema.shape.subject.unwrap()).optional(), body: formText(stepSchema.shape.body.unwrap()).optional(), sequence_id: sequenceId });

/**
 * The preview page runs inside the dashboard's `<iframe sandbox>`: the email's own inline styles
 * and https images, nothing else — no script, no form, no plugin — and only the dashboard may frame it.
 */
export const EMAIL_PREVIEW_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src https: data:",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
  "sandbox",
].join("; ");

const htmlResponse = { description: "The email's HTML as a page of its own (own Content-Security-Policy, framable by the dashboard only)", content: { "text/html": { schema: z.string() } } };

const preview = createRoute({
  ...common,
  operationId: "previewStepEmail",
  method: "get",
  path: "/api/v1/store/steps/{step_id}/preview",
  summary: "A step's email as HTML and text, with a sample cart or a real sequence's cart",
  request: { params, query: z.object({ sequence_id: sequenceId }) },
  responses: {
    200: jsonResponse("The rendered email", renderedEmail),
    401: problems[401],
    404: problems[404],
  },
});

const previewDraft = createRoute({
  ...common,
  operationId: "previewStepEmailDraft",
  method: "post",
  path: "/api/v1/store/steps/{step_id}/preview",
  summary: "A step's email rendered with an unsaved subject and body (absent ones are the saved ones), validated as saving them would be",
  request: { params, body: jsonBody(z.strictObject({ ...draftFields, sequence_id: sequenceId })) },
  responses: {
    200: jsonResponse("The rendered email", renderedEmail),
    401: problems[401],
    404: problems[404],
    422: problems[422],
  },
});

const previewPage = createRoute({
  ...common,
  operationId: "previewStepEmailPage",
  method: "get",
  path: "/api/v1/store/steps/{step_id}/preview.html",
  summary: "A step's saved email as an HTML page, for a sandboxed iframe",
  request: { params, query: z.object({ sequence_id: sequenceId }) },
  responses: { 200: htmlResponse, 401: problems[401], 404: problems[404] },
});

/** A form post (target = the preview iframe) carries the draft: the dashboard needs no script in the frame, and a body of 5000 characters fits no URL. */
const previewDraftPage = createRoute({
  ...common,
  operationId: "previewStepEmailDraftPage",
  method: "post",
  path: "/api/v1/store/steps/{step_id}/preview.html",
  summary: "A step's email with an unsaved subject and body, as an HTML page for a sandboxed iframe (a form post)",
  request: {
    params,
    body: { required: true, content: { "application/x-www-form-urlencoded": { schema: draftForm } } },
  },
  responses: { 200: htmlResponse, 401: problems[401], 404: problems[404], 422: problems[422] },
});

const outboxPage = createRoute({
  ...common,
  tags: ["Outbox"],
  operationId: "showOutboxEmailPage",
  method: "get",
  path: "/api/v1/outbox/{id}/html",
  summary: "A stored email's HTML as a page, for a sandboxed iframe (the dashboard's policy would block its inline styles)",
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: { 200: htmlResponse, 401: problems[401], 404: problems[404] },
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

const pageHeaders = { "content-security-policy": EMAIL_PREVIEW_CSP, "cache-control": "no-store", "referrer-policy": "no-referrer" };

export const emailPreviewRoutes = createRouter()
  .openapi(preview, async (c) => {
    const input = { stepId: c.req.valid("param").step_id, sequenceId: c.req.valid("query").sequence_id, baseUrl: origin(c.req.url) };
    return c.json(await previewStepEmail(storeServices(c), input), 200);
  })
  .openapi(previewDraft, async (c) => {
    const { sequence_id, ...draft } = c.req.valid("json");
    const input = { stepId: c.req.valid("param").step_id, sequenceId: sequence_id, baseUrl: origin(c.req.url), draft };
    return c.json(await previewStepEmail(storeServices(c), input), 200);
  })
  .openapi(previewPage, async (c) => {
    const input = { stepId: c.req.valid("param").step_id, sequenceId: c.req.valid("query").sequence_id, baseUrl: origin(c.req.url) };
    return c.html((await previewStepEmail(storeServices(c), input)).html, 200, pageHeaders);
  })
  .openapi(previewDraftPage, async (c) => {
    const { sequence_id, ...draft } = c.req.valid("form");
    const input = { stepId: c.req.valid("param").step_id, sequenceId: sequence_id, baseUrl: origin(c.req.url), draft };
    return c.html((await previewStepEmail(storeServices(c), input)).html, 200, pageHeaders);
  })
  .openapi(outboxPage, async (c) => c.html(await storedEmailHtml(storeServices(c), c.req.valid("param").id), 200, pageHeaders))
  .openapi(sendTest, async (c) => {
    const input = { stepId: c.req.valid("param").step_id, to: c.req.valid("json").to, baseUrl: origin(c.req.url) };
    return c.json(await sendTestEmail(storeServices(c), input), 200);
  });
