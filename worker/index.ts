import { HTTPException } from "hono/http-exception";
import { bodyLimit } from "hono/body-limit";
import { ZodError } from "zod";
import { AppError, fieldErrorsFromZod, validationError } from "./domain/errors";
import { createRouter } from "./http/app";
import { contentSecurityPolicy } from "./http/content-security";
import { textOnlyInput } from "./http/json-body";
import { securitySchemes, withCommonProblems } from "./http/openapi-common";
import { problemResponse } from "./http/problem";
import { consumeAnalyticsBatch } from "./queues/analytics";
import { consumeDeadLetters } from "./queues/dead-letters";
import { consumeEmailBatch } from "./queues/email-send";
import { consumeIngestBatch } from "./queues/ingest";
import { analyticsRoutes } from "./routes/analytics";
import { clickRoutes } from "./routes/click-redirect";
import { deliverabilityRoutes } from "./routes/deliverability";
import { emailPreviewRoutes } from "./routes/email-preview";
import { cartRoutes } from "./routes/carts";
import { healthRoutes } from "./routes/health";
import { integrationRoutes } from "./routes/integrations";
import { keyRoutes } from "./routes/keys";
import { liveRoutes } from "./routes/live";
import { orderRoutes } from "./routes/orders";
import { pageStylesheetRoutes } from "./routes/page-stylesheet";
import { resendWebhookRoutes } from "./routes/resend-webhooks";
import { outboxRoutes } from "./routes/outbox";
import { sendingDomainRoutes } from "./routes/sending-domain";
import { sequenceRoutes } from "./routes/sequences";
import { sessionRoutes } from "./routes/session";
import { settingsRoutes } from "./routes/settings";
import { shopifyWebhookRoutes } from "./routes/shopify-webhooks";
import { storeRoutes } from "./routes/stores";
import { suppressionRoutes } from "./routes/suppressions";
import { unsubscribeRoutes } from "./routes/unsubscribe";
import { widgetRoutes } from "./routes/widget";

export { CartSequence } from "./durable/cart-sequence";
export { ShopperLedger } from "./durable/shopper-ledger";
export { StoreLive } from "./durable/store-live";
export { WidgetRateLimiter } from "./durable/widget-rate-limiter";

const MAX_BODY_BYTES = 1024 * 1024;

const app = createRouter();

app.use(contentSecurityPolicy);

app.use(
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError("payload_too_large", "request bodies are limited to 1 MB");
    },
  }),
);
app.use(textOnlyInput);

for (const routes of [
  healthRoutes,
  storeRoutes,
  sessionRoutes,
  settingsRoutes,
  sendingDomainRoutes,
  deliverabilityRoutes,
  keyRoutes,
  cartRoutes,
  orderRoutes,
  sequenceRoutes,
  liveRoutes,
  analyticsRoutes,
  outboxRoutes,
  shopifyWebhookRoutes,
  widgetRoutes,
  suppressionRoutes,
  unsubscribeRoutes,
  clickRoutes,
  resendWebhookRoutes,
  emailPreviewRoutes,
  integrationRoutes,
  pageStylesheetRoutes,
]) {
  app.route("/", routes);
}

for (const [name, scheme] of Object.entries(securitySchemes)) app.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
const documentInfo = {
  openapi: "3.1.0",
  info: {
    title: "Reva cart recovery API",
    version: "1.0.0",
    description: "Abandoned-cart recovery on Cloudflare Workers",
    license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
  },
  servers: [{ url: "/", description: "The Worker that serves this document" }],
};
app.get("/api/v1/openapi.json", (c) => c.json(withCommonProblems(app.getOpenAPI31Document(documentInfo))));

/** API paths answer problem+json; everything else is the dashboard, widget and demo store. */
app.notFound((c) => {
  const path = new URL(c.req.url).pathname;
  if (path.startsWith("/api/") || path.startsWith("/webhooks/")) return problemResponse(c, new AppError("not_found", `no route for ${c.req.method} ${path}`));
  return c.env.ASSETS.fetch(c.req.raw);
});

app.onError((error, c) => {
  if (error instanceof AppError) return problemResponse(c, error);
  if (error instanceof ZodError) return problemResponse(c, validationError(fieldErrorsFromZod(error.issues)));
  if (error instanceof HTTPException && error.status < 500) {
    const code = error.status === 413 ? "payload_too_large" : error.status === 415 ? "unsupported_media_type" : error.status === 401 ? "unauthorized" : "bad_request";
    return problemResponse(c, new AppError(code, error.message || "bad request"));
  }
  console.error("unhandled error", c.req.method, new URL(c.req.url).pathname, error);
  return problemResponse(c, new AppError("internal_error", "something went wrong on our side"));
});

export default {
  fetch: app.fetch,
  async queue(batch, env, _ctx) {
    switch (batch.queue) {
      case "reva-email":
        return consumeEmailBatch(batch, env);
      case "reva-analytics":
        return consumeAnalyticsBatch(batch, env);
      case "reva-ingest":
        return consumeIngestBatch(batch, env);
      case "reva-email-dlq":
      case "reva-analytics-dlq":
      case "reva-ingest-dlq":
        return consumeDeadLetters(batch, env);
      default:
        // A queue bound to this Worker without a consumer here: retry, so its messages reach its DLQ instead of vanishing.
        batch.retryAll();
    }
  },
} satisfies ExportedHandler<Env, unknown>;

