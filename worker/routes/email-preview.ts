import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { readConfig } from "../config";
import { database } from "../db/client";
import { findSequenceRow } from "../db/sequences";
import type { Cart } from "../domain/cart";
import { composeRecoveryEmail } from "../domain/email/compose";
import { linkSealers } from "../domain/email/link-sealers";
import { sampleCart } from "../domain/email/sample-cart";
import { AppError, notFound } from "../errors";
import { createRouter, type AppEnv } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, secretKeySecurity } from "../http/openapi-common";
import { sendBatch } from "../integrations/resend";

const params = z.object({ step_id: z.string().min(1).max(64) });
const common = { security: secretKeySecurity, middleware: [requireSecretKey] };

const preview = createRoute({
  ...common,
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
  method: "post",
  path: "/api/v1/store/steps/{step_id}/test",
  summary: "Send a step's email, with a sample cart, to an address (tagged type=test)",
  request: { params, body: jsonBody(z.strictObject({ to: z.email() })) },
  responses: {
    200: jsonResponse("Sent, or rendered only in outbox mode", z.object({ mode: z.enum(["resend", "outbox"]), id: z.string().nullable(), subject: z.string() })),
    401: problems[401],
    404: problems[404],
    422: problems[422],
  },
});

function emailStep(c: Context<AppEnv>, stepId: string) {
  const step = c.get("store").settings.steps.find((s) => s.id === stepId && s.channel === "email");
  if (!step) throw notFound("email step");
  return step;
}

async function compose(c: Context<AppEnv>, stepId: string, cart: Cart, to: string, sequenceId: string) {
  const store = c.get("store");
  return composeRecoveryEmail({
    settings: store.settings,
    storeId: store.id,
    sequenceId,
    step: emailStep(c, stepId),
    cart,
    to,
    sealers: linkSealers(readConfig(c.env)),
    baseUrl: readConfig(c.env).PUBLIC_BASE_URL ?? new URL(c.req.url).origin,
  });
}

export const emailPreviewRoutes = createRouter()
  .openapi(preview, async (c) => {
    const store = c.get("store");
    const { step_id } = c.req.valid("param");
    const { sequence_id } = c.req.valid("query");
    const sequence = sequence_id ? await findSequenceRow(database(c.env.DB), store.id, sequence_id) : null;
    if (sequence_id && !sequence) throw notFound("sequence");
    const cart = (sequence?.cart as Cart | undefined) ?? sampleCart(store.settings, "shopper@example.com");
    const { content } = await compose(c, step_id, cart, cart.customer_email ?? "shopper@example.com", sequence?.id ?? "seq_preview");
    return c.json(content, 200);
  })
  .openapi(sendTest, async (c) => {
    const store = c.get("store");
    const { step_id } = c.req.valid("param");
    const { to } = c.req.valid("json");
    const { payload } = await compose(c, step_id, sampleCart(store.settings, to), to, "seq_test");
    const config = readConfig(c.env);
    if (!config.RESEND_API_KEY) return c.json({ mode: "outbox" as const, id: null, subject: payload.subject }, 200);
    const email = { ...payload, tags: payload.tags.map((tag) => (tag.name === "type" ? { name: "type", value: "test" } : tag)) };
    const result = await sendBatch({ baseUrl: config.RESEND_BASE_URL, apiKey: config.RESEND_API_KEY }, [email], `reva-test/${crypto.randomUUID()}`);
    if (result.kind !== "sent") throw new AppError("bad_request", `Resend did not send the test: ${"message" in result ? result.message : "rate limited, try again"}`);
    return c.json({ mode: "resend" as const, id: result.ids[0] ?? null, subject: payload.subject }, 200);
  });
