// Shapes of the Reva HTTP API, named for the dashboard. Every one is looked up in the types
// generated from the OpenAPI document (api-types.gen.ts, `npm run openapi`), never restated
// here: when the API changes, regenerate and the compiler shows what the screens must follow.
// Lookups go by path and method (not operationId), so naming operations changes nothing here.
import type { components, paths } from "./api-types.gen";

/** The JSON body of a generated response or request body. */
type Json<T extends { content: { "application/json": unknown } }> = T["content"]["application/json"];

/** application/problem+json, as every API error answers. */
export type Problem = components["schemas"]["Problem"];

export type Analytics = Json<paths["/api/v1/recovery/analytics"]["get"]["responses"][200]>;

/** GET /api/v1/recovery/sequences: a page of sequences and the cursor of the next one. */
export type SequencePage = Json<paths["/api/v1/recovery/sequences"]["get"]["responses"][200]>;
export type SequenceListQuery = NonNullable<paths["/api/v1/recovery/sequences"]["get"]["parameters"]["query"]>;
/** A cursor-paged list: the envelope of SequencePage around other items (Page<Sequence> is SequencePage). */
export type Page<T> = Omit<SequencePage, "data"> & { data: T[] };

export type Sequence = SequencePage["data"][number];
export type SequenceStatus = Sequence["status"];
export type SequenceStep = Sequence["steps"][number];
export type StepStatus = SequenceStep["status"];
export type CartItem = Sequence["cart"]["items"][number];

/** GET /api/v1/recovery/sequences/{id}: the sequence with its timeline. */
export type SequenceDetail = Json<paths["/api/v1/recovery/sequences/{id}"]["get"]["responses"][200]>;
export type TimelineEntry = SequenceDetail["timeline"][number];

export type OutboxPage = Json<paths["/api/v1/outbox"]["get"]["responses"][200]>;
export type OutboxMessage = OutboxPage["data"][number];
export type DeadLetterPage = Json<paths["/api/v1/dead-letters"]["get"]["responses"][200]>;
export type DeadLetter = DeadLetterPage["data"][number];

/** GET /api/v1/store/settings. */
export type StoreSettings = Json<paths["/api/v1/store/settings"]["get"]["responses"][200]> & {
  // Not in the settings contract; shown when the Worker includes it.
  publishable_key?: string;
};
/** PATCH /api/v1/store/settings: nested objects merge, lists replace. */
export type SettingsPatch = Json<paths["/api/v1/store/settings"]["patch"]["requestBody"]>;
export type Step = StoreSettings["steps"][number];
export type ConsentMode = StoreSettings["consent_mode"];
export type SecretStatus = StoreSettings["klaviyo"]["api_key"];

/** Money as the API sends it: decimal strings for carts and items, a number for analytics. */
export type Money = Sequence["cart"]["total_price"] | CartItem["price"] | Analytics["recovered_revenue"];
/** Timestamps as the API sends them (ISO 8601). */
export type Timestamp = Sequence["started_at"];

/** The statuses a sequence can have, in the order the dashboard offers them as filters. */
export const SEQUENCE_STATUSES = ["active", "paused", "stopped", "completed", "recovered"] as const satisfies readonly SequenceStatus[];

// Compile-time checks against the generated document: every status the API defines is listed
// above, stop/pause/resume answer a Sequence, and the list's status filter accepts every status.
type UnlistedStatus = Exclude<SequenceStatus, (typeof SEQUENCE_STATUSES)[number]>;
true satisfies [UnlistedStatus] extends [never] ? true : `SEQUENCE_STATUSES lacks ${UnlistedStatus}`;
true satisfies Json<paths[`/api/v1/recovery/sequences/{id}/${"stop" | "pause" | "resume"}`]["post"]["responses"][200]> extends Sequence
  ? true
  : "a sequence command does not answer a Sequence";
true satisfies SequenceStatus[] extends NonNullable<SequenceListQuery["status"]>[] ? true : "the status filter does not accept every SequenceStatus";

/** GET /api/v1/suppressions: addresses the store never emails again. */
export type SuppressionList = Json<paths["/api/v1/suppressions"]["get"]["responses"][200]>;
export type Suppression = SuppressionList["data"][number];
export type SuppressionSource = Suppression["source"];

/** GET /api/v1/integrations: each integration's health (never a key). */
export type IntegrationHealth = Json<paths["/api/v1/integrations"]["get"]["responses"][200]>;
export type IntegrationName = keyof IntegrationHealth;
export type IntegrationStatus = IntegrationHealth[IntegrationName];
/** POST /api/v1/integrations/{name}/test: a live check's outcome. */
export type IntegrationTest = Json<paths["/api/v1/integrations/{name}/test"]["post"]["responses"][200]>;
/** GET /api/v1/integrations/klaviyo/flows: the store's Klaviyo flows. */
export type KlaviyoFlows = Json<paths["/api/v1/integrations/klaviyo/flows"]["get"]["responses"][200]>;
export type KlaviyoFlow = KlaviyoFlows["data"][number];
/** GET/POST /api/v1/store/sending-domain: the from_email's domain, its verification status and DNS records. */
export type SendingDomain = Json<paths["/api/v1/store/sending-domain"]["get"]["responses"][200]>;
/** POST /api/v1/store/steps/{step_id}/preview: a step's email rendered with a draft subject and body. */
export type EmailPreview = Json<paths["/api/v1/store/steps/{step_id}/preview"]["post"]["responses"][200]>;
export type EmailDraft = Json<paths["/api/v1/store/steps/{step_id}/preview"]["post"]["requestBody"]>;
/** POST /api/v1/store/steps/{step_id}/test. */
export type TestSend = Json<paths["/api/v1/store/steps/{step_id}/test"]["post"]["responses"][200]>;
/** GET /api/v1/store/deliverability (and POST …/resume): the guard's view of the store's sending. */
export type DeliverabilityReport = Json<paths["/api/v1/store/deliverability"]["get"]["responses"][200]>;
export type DeliverabilityPolicy = DeliverabilityReport["policy"];
export type DeliverabilityHour = DeliverabilityReport["hours"][number];
