import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { GuardState } from "../domain/deliverability/guard";
import type { Cart, CartItem } from "../domain/cart";
import type { EmailStatus, IntegrationName, SuppressionReason, TimelineEventType } from "../domain/catalogue";
import type { SequenceStatus, StepState } from "../domain/sequence";
import type { DnsRecord, SendingDomainStatus } from "../domain/email/sender";
import type { StoredSettings } from "../domain/settings";

/** Tables as created by `migrations/`; that SQL is the source of truth for the schema. */

export const stores = sqliteTable("stores", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  secretKeyHash: text("secret_key_hash").notNull().unique(),
  publishableKeyHash: text("publishable_key_hash").notNull().unique(),
  webhookSecretEncrypted: text("webhook_secret_encrypted").notNull(),
  settings: text("settings", { mode: "json" }).$type<StoredSettings>().notNull(),
  createdAt: text("created_at").notNull(),
  /** The domain of from_email as added to Resend (unique: one domain belongs to one store), and its verification. */
  sendingDomain: text("sending_domain").unique(),
  sendingDomainId: text("sending_domain_id"),
  sendingDomainStatus: text("sending_domain_status").$type<SendingDomainStatus>().notNull().default("not_started"),
  sendingDomainRecords: text("sending_domain_records", { mode: "json" }).$type<DnsRecord[]>().notNull().default([]),
  /** The keys a rotation replaced, each valid until its `…Until` time (migrations/0011). */
  previousSecretKeyHash: text("previous_secret_key_hash"),
  previousSecretKeyUntil: text("previous_secret_key_until"),
  previousPublishableKeyHash: text("previous_publishable_key_hash"),
  previousPublishableKeyUntil: text("previous_publishable_key_until"),
  previousWebhookSecretEncrypted: text("previous_webhook_secret_encrypted"),
  previousWebhookSecretUntil: text("previous_webhook_secret_until"),
  /** The merchant resumed sending after the deliverability guard paused it; the guard judges only what came after (migrations/0019). */
  deliverabilityResumedAt: text("deliverability_resumed_at"),
  /** The guard's latest verdict and since when: what the merchant is told. */
  deliverabilityState: text("deliverability_state").$type<GuardState>().notNull().default("healthy"),
  deliverabilitySince: text("deliverability_since"),
  /** The verified sending domain's warm-up rung and the store's calendar day it last moved on. */
  warmupLevel: integer("warmup_level"),
  warmupDay: text("warmup_day"),
});

/** Signed-out dashboard sessions, by the hash of their cookie, until the cookie would have expired. */
export const revokedSessions = sqliteTable("revoked_sessions", {
  tokenHash: text("token_hash").primaryKey(),
  expiresAt: text("expires_at").notNull(),
});

/** Storefront origins, each owned by one store (a store's `settings.domains`). */
export const storeDomains = sqliteTable("store_domains", {
  domain: text("domain").primaryKey(),
  storeId: text("store_id").notNull(),
});

export const rateCounters = sqliteTable(
  "rate_counters",
  {
    key: text("key").notNull(),
    windowStart: text("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

export const carts = sqliteTable(
  "carts",
  {
    storeId: text("store_id").notNull(),
    cartToken: text("cart_token").notNull(),
    aliasToken: text("alias_token"),
    email: text("email"),
    customerId: text("customer_id"),
    acceptsMarketing: integer("accepts_marketing", { mode: "boolean" }).notNull(),
    currency: text("currency").notNull(),
    totalPrice: text("total_price").notNull(),
    checkoutUrl: text("checkout_url").notNull(),
    items: text("items", { mode: "json" }).$type<CartItem[]>().notNull(),
    visitorId: text("visitor_id"),
    gaClientId: text("ga_client_id"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.cartToken] })],
);

/** Who reported a cart token before its cart existed (migrations/0014): a Shopify checkout's owner. */
export const visitorCartClaims = sqliteTable(
  "visitor_cart_claims",
  {
    storeId: text("store_id").notNull(),
    cartToken: text("cart_token").notNull(),
    visitorId: text("visitor_id").notNull(),
    claimedAt: text("claimed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.cartToken] })],
);

export const sequences = sqliteTable("sequences", {
  id: text("id").primaryKey(),
  storeId: text("store_id").notNull(),
  cartToken: text("cart_token").notNull(),
  status: text("status").$type<SequenceStatus>().notNull(),
  sequenceType: text("sequence_type").$type<"abandoned_cart">().notNull(),
  currentStep: text("current_step"),
  customerEmail: text("customer_email"),
  steps: text("steps", { mode: "json" }).$type<StepState[]>().notNull(),
  cart: text("cart", { mode: "json" }).$type<Cart>().notNull(),
  startedAt: text("started_at").notNull(),
  stoppedReason: text("stopped_reason"),
  version: integer("version").notNull(),
});

export const timelineEvents = sqliteTable("timeline_events", {
  id: text("id").primaryKey(),
  sequenceId: text("sequence_id").notNull(),
  storeId: text("store_id").notNull(),
  at: text("at").notNull(),
  type: text("type").$type<TimelineEventType>().notNull(),
  step: text("step"),
  detail: text("detail").notNull(),
  amountCents: integer("amount_cents"),
  /** The popup A/B test and variant the event counts for (migration 0016), or null. */
  popupTest: text("popup_test"),
  popupVariant: text("popup_variant"),
});

/**
 * Per popup A/B test and variant, each counted timeline event type (`popup_shown`,
 * `sequence_recovered`…) with its amount: rolled up by a trigger on timeline_events, over the
 * test's whole life (a test is read as a whole, not by day).
 */
export const popupVariantMetrics = sqliteTable(
  "popup_variant_metrics",
  {
    storeId: text("store_id").notNull(),
    testId: text("test_id").notNull(),
    variantId: text("variant_id").notNull(),
    metric: text("metric").$type<TimelineEventType>().notNull(),
    count: integer("count").notNull(),
    amountCents: integer("amount_cents").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.testId, t.variantId, t.metric] })],
);

export const dailyMetrics = sqliteTable(
  "daily_metrics",
  {
    storeId: text("store_id").notNull(),
    day: text("day").notNull(),
    metric: text("metric").notNull(),
    count: integer("count").notNull(),
    amountCents: integer("amount_cents").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.day, t.metric] })],
);

export const statusCounts = sqliteTable(
  "status_counts",
  {
    storeId: text("store_id").notNull(),
    status: text("status").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.status] })],
);

export const orders = sqliteTable(
  "orders",
  {
    storeId: text("store_id").notNull(),
    orderId: text("order_id").notNull(),
    cartToken: text("cart_token"),
    email: text("email"),
    totalPrice: text("total_price").notNull(),
    currency: text("currency").notNull(),
    createdAt: text("created_at").notNull(),
    sequenceId: text("sequence_id"),
    paid: integer("paid", { mode: "boolean" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.orderId] })],
);

export const refunds = sqliteTable(
  "refunds",
  {
    storeId: text("store_id").notNull(),
    refundId: text("refund_id").notNull(),
    orderId: text("order_id").notNull(),
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.refundId] })],
);

export const webhookReceipts = sqliteTable(
  "webhook_receipts",
  {
    storeId: text("store_id").notNull(),
    webhookId: text("webhook_id").notNull(),
    receivedAt: text("received_at").notNull(),
    /** When the ingest queue's consumer applied it to its cart; null while it waits in the queue. */
    appliedAt: text("applied_at"),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.webhookId] })],
);

export const emails = sqliteTable("emails", {
  id: text("id").primaryKey(),
  storeId: text("store_id").notNull(),
  sequenceId: text("sequence_id").notNull(),
  stepId: text("step_id").notNull(),
  toEmail: text("to_email").notNull(),
  subject: text("subject").notNull(),
  html: text("html").notNull(),
  text: text("text").notNull(),
  status: text("status").$type<EmailStatus>().notNull(),
  providerId: text("provider_id"),
  createdAt: text("created_at").notNull(),
  batchKey: text("batch_key"),
  /**
   * The email provider's request body exactly as first sent, so a lost answer is retried byte for
   * byte (same idempotency key, same body) even across a deploy that changed how emails are made.
   */
  payload: text("payload", { mode: "json" }),
  error: text("error"),
  /** An attempt ended without a known outcome: Resend may hold this email under `batchKey` (migration 0008). */
  outcomeUnknown: integer("outcome_unknown", { mode: "boolean" }).notNull().default(false),
  /** The store's calendar day (its time zone) the email was made on; counted by `daily_sends`. */
  localDay: text("local_day"),
  /** The domain it went out from, set when Resend accepted it: the deliverability rollups are kept per domain too. */
  senderDomain: text("sender_domain"),
  /** One bit per outcome Resend reported (see OUTCOME in db/delivery-rollups); each is counted once in `delivery_rollups`. */
  outcomes: integer("outcomes").notNull().default(0),
  /** When the latest outcome was reported: the rollup hour it is counted in. */
  outcomeAt: text("outcome_at"),
});

export const dailySends = sqliteTable(
  "daily_sends",
  {
    storeId: text("store_id").notNull(),
    day: text("day").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.day] })],
);

/** Hourly counts of what Resend reported, per store (`store:<id>`) and per sending domain (`domain:<name>`); kept by a trigger on `emails.outcomes`. */
export const deliveryRollups = sqliteTable(
  "delivery_rollups",
  {
    scope: text("scope").notNull(),
    hour: text("hour").notNull(),
    sent: integer("sent").notNull(),
    delivered: integer("delivered").notNull(),
    bounced: integer("bounced").notNull(),
    complained: integer("complained").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.hour] })],
);

export const softBounceStreaks = sqliteTable(
  "soft_bounce_streaks",
  {
    storeId: text("store_id").notNull(),
    email: text("email").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.email] })],
);

export const suppressions = sqliteTable(
  "suppressions",
  {
    storeId: text("store_id").notNull(),
    email: text("email").notNull(),
    reason: text("reason").$type<SuppressionReason>().notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.email] })],
);

export const deadLetters = sqliteTable("dead_letters", {
  id: text("id").primaryKey(),
  queue: text("queue").notNull(),
  body: text("body").notNull(),
  createdAt: text("created_at").notNull(),
});

export const integrationHealth = sqliteTable(
  "integration_health",
  {
    storeId: text("store_id").notNull(),
    integration: text("integration").$type<IntegrationName>().notNull(),
    lastSuccessAt: text("last_success_at"),
    lastError: text("last_error"),
    lastErrorAt: text("last_error_at"),
    failures: integer("failures").notNull(),
    openUntil: text("open_until"),
    dropped: integer("dropped").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.integration] })],
);

export const analyticsDeliveries = sqliteTable(
  "analytics_deliveries",
  {
    eventKey: text("event_key").notNull(),
    integration: text("integration").$type<IntegrationName>().notNull(),
    state: text("state").$type<"sending" | "delivered" | "dropped">().notNull(),
    leaseUntil: text("lease_until"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventKey, t.integration] })],
);

/** The directory (migrations/0024), used on the first shard only: the shard each store lives on. */
export const storeShards = sqliteTable("store_shards", {
  storeId: text("store_id").primaryKey(),
  shard: text("shard").notNull(),
  createdAt: text("created_at").notNull(),
});

/** The directory: which store a key's hash belongs to (a pointer; the store's row decides). */
export const keyRoutes = sqliteTable("key_routes", {
  keyHash: text("key_hash").primaryKey(),
  storeId: text("store_id").notNull(),
});

/** The directory: storefront and sending domains, each held by one store across all shards. */
export const domainClaims = sqliteTable(
  "domain_claims",
  {
    kind: text("kind").$type<DomainClaimKind>().notNull(),
    domain: text("domain").notNull(),
    storeId: text("store_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.domain] })],
);

export type DomainClaimKind = "storefront" | "sending";
