/**
 * Generated from docs/openapi.json by openapi-typescript: do not edit.
 * Run `npm run openapi` after changing the API; dashboard/src/types.ts names the shapes.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness check */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List every store on every shard, by id (admin) */
        get: operations["listStores"];
        put?: never;
        /** Create a store (admin). Keys are shown once. */
        post: operations["createStore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dashboard sign-in with the store secret key; sets an HttpOnly session cookie */
        post: operations["signIn"];
        /** Dashboard sign-out: the session is revoked server-side, so the same cookie is refused afterwards */
        delete: operations["signOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/store/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's settings; secrets appear only as { configured, last4 } */
        get: operations["getSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Partial update: nested objects merge, lists replace, unknown keys are rejected */
        patch: operations["updateSettings"];
        trace?: never;
    };
    "/api/v1/store/sending-domain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The domain of the store's from_email: verification status (re-checked with Resend) and the DNS records to publish */
        get: operations["getSendingDomain"];
        put?: never;
        /** Add the from_email's domain to Resend for this store, or ask Resend to verify it again; until it is verified, emails go from the operator's sender */
        post: operations["verifySendingDomain"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/store/deliverability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bounce and complaint rates over 24 h and 7 days, the guard's state (healthy, slowed, paused) and why, a new domain's warm-up */
        get: operations["getDeliverability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/store/deliverability/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume sending after the guard paused it; the guard then judges only what happens from now on */
        post: operations["resumeSending"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/store/keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the store's secret, publishable or webhook key. The new key is shown once; the old one stays valid for 24 hours */
        post: operations["rotateKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/carts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upsert a cart; a cart with items starts (or reschedules) its recovery sequence */
        post: operations["upsertCart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record an order: stops every live sequence of the shopper; recovered when paid and attributed (SPEC §5) */
        post: operations["recordOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a refund: subtracts from the order's recovered revenue, once per refund id */
        post: operations["recordRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recovery/sequences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recovery sequences, newest first, optionally by status, current step and address (exact or prefix) */
        get: operations["listSequences"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recovery/sequences/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One sequence with its timeline */
        get: operations["getSequence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recovery/sequences/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop for good; idempotent; no step runs after it returns */
        post: operations["stopSequence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recovery/sequences/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause the schedule */
        post: operations["pauseSequence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recovery/sequences/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume the schedule; steps that fell due while paused run now */
        post: operations["resumeSequence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-Sent Events: `change` events `{ type, sequence_id, at }` for the store's open dashboards */
        get: operations["openLiveChannel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recovery/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recovery analytics for a range of UTC days (default: the last 30) */
        get: operations["getAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rendered recovery emails, newest first (in outbox mode, the ones that were not sent) */
        get: operations["listOutbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Queue messages that exhausted their retries (e.g. Resend down for good), newest first */
        get: operations["listDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/shopify/{store_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Shopify webhooks (checkouts/create|update, orders/create|paid, refunds/create); HMAC-verified, replays ignored
         * @description Answered as soon as the webhook is verified, its id deduplicated, its body validated and the webhook durably queued: `processed` means taken for processing. Its effect on the cart (a sequence started, updated or stopped; an order or refund counted) follows within seconds, from the ingest queue, in each cart's order (a checkout older than the cart held is ignored; an order that comes before its checkout stops the sequence that checkout starts). `duplicate`: this `X-Shopify-Webhook-Id` was taken before; `ignored`: a topic Reva does not use. A 5xx means it was not queued: Shopify's retry is taken.
         */
        post: operations["receiveShopifyWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Widget start-up: the recovery popup for this visitor, if one is due */
        post: operations["openWidgetSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Popup shown/clicked/dismissed; accepts text/plain JSON (parsed by hand) so navigator.sendBeacon works */
        post: operations["recordWidgetEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/suppressions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Unsubscribed, bounced, complained and hand-added addresses; ?q= keeps those containing it; ?format=csv for a download */
        get: operations["listSuppressions"];
        put?: never;
        /** Suppress an address by hand (reason manual): store-wide, and its live sequences stop; idempotent */
        post: operations["addSuppression"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Unsubscribe page with one button; a GET alone never unsubscribes (link scanners) */
        get: operations["showUnsubscribePage"];
        put?: never;
        /** Unsubscribe (the page's button or RFC 8058 one-click); idempotent; never redirects */
        post: operations["unsubscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/r/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Email link: records the click, then 302 to the cart's checkout (or a store page) with UTM parameters */
        get: operations["followEmailLink"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resend delivery events (Svix-signed); bounces and complaints suppress the address */
        post: operations["receiveResendWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/store/steps/{step_id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A step's email as HTML and text, with a sample cart or a real sequence's cart */
        get: operations["previewStepEmail"];
        put?: never;
        /** A step's email rendered with an unsaved subject and body (absent ones are the saved ones), validated as saving them would be */
        post: operations["previewStepEmailDraft"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/store/steps/{step_id}/preview.html": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A step's saved email as an HTML page, for a sandboxed iframe */
        get: operations["previewStepEmailPage"];
        put?: never;
        /** A step's email with an unsaved subject and body, as an HTML page for a sandboxed iframe (a form post) */
        post: operations["previewStepEmailDraftPage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/outbox/{id}/html": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A stored email's HTML as a page, for a sandboxed iframe (the dashboard's policy would block its inline styles) */
        get: operations["showOutboxEmailPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/store/steps/{step_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a step's email, with a sample cart, to an address (tagged type=test) */
        post: operations["sendTestEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/klaviyo/flows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's Klaviyo flows (not archived, by name), to pick the recovery flows in klaviyo.recovery_flow_ids */
        get: operations["listKlaviyoFlows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health of Resend, Klaviyo and GA4 for the store: configured, last success, last error, circuit, events waiting (never a key) */
        get: operations["listIntegrations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{name}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A live check with the store's credentials (Klaviyo: an authenticated read; GA4: the validation server; Resend: the key's domains) */
        post: operations["testIntegration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            errors?: {
                field: string;
                message: string;
            }[];
        };
        LiveNotice: {
            /** @enum {string} */
            type: "sequence_started" | "step_sent" | "step_skipped" | "step_failed" | "order" | "stopped" | "paused" | "resumed" | "delivery" | "sequence_updated";
            sequence_id: string;
            at: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        ok: true;
                    };
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listStores: {
        parameters: {
            query?: {
                /** @description The `next_after` of the previous page */
                after?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of stores */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        stores: {
                            id: string;
                            name: string;
                            domains: string[];
                            created_at: string;
                            /** @description The D1 binding (one of D1_SHARDS) that holds the store's data */
                            shard: string;
                        }[];
                        /** @description Pass as `after` for the next page; null on the last one */
                        next_after: string | null;
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createStore: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    domain: string;
                    /** Format: email */
                    from_email: string;
                    from_name?: string;
                    timezone?: string;
                    currency?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        secret_key: string;
                        publishable_key: string;
                        webhook_secret: string;
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    secret_key: string;
                };
            };
        };
        responses: {
            /** @description Signed in */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Settings; secrets appear as { configured, last4 } */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        domains: string[];
                        /** Format: email */
                        from_email: string;
                        from_name: string;
                        /** Format: email */
                        reply_to: string | null;
                        address: string;
                        /** Format: uri */
                        logo_url: string | null;
                        timezone: string;
                        currency: string;
                        locale: string;
                        steps: {
                            id: string;
                            /** @enum {string} */
                            channel: "popup" | "email";
                            delay_seconds: number;
                            subject?: string;
                            body?: string;
                        }[];
                        /** @enum {string} */
                        consent_mode: "marketing_only" | "all";
                        frequency_cap: {
                            max_emails: number;
                            per_hours: number;
                        };
                        daily_send_limit: number | null;
                        quiet_hours: {
                            start: string;
                            end: string;
                        } | null;
                        attribution_window_days: number;
                        abandonment_horizon_days: number;
                        /** @enum {string} */
                        failure_policy: "send" | "defer";
                        popup: {
                            delay_seconds: number;
                            dismiss_hours: number;
                            exit_intent: boolean;
                            title: string;
                            body: string;
                            cta: string;
                            dismiss_label: string;
                            variants: {
                                id: string;
                                weight: number;
                                delay_seconds?: number;
                                exit_intent?: boolean;
                                title?: string;
                                body?: string;
                                cta?: string;
                            }[];
                        };
                        resend: {
                            requests_per_second: number;
                        };
                        deliverability: {
                            complaint_rate_slow: number;
                            complaint_rate_pause: number;
                            bounce_rate_slow: number;
                            bounce_rate_pause: number;
                            min_sample: number;
                        };
                        klaviyo: {
                            api_key: {
                                configured: boolean;
                                last4: string | null;
                            };
                            /** @enum {string} */
                            policy: "skip" | "defer";
                            lookback_hours: number;
                            recovery_flow_ids: string[];
                        };
                        ga4: {
                            api_secret: {
                                configured: boolean;
                                last4: string | null;
                            };
                            measurement_id: string | null;
                            send_purchase: boolean;
                        };
                        sending_domain: {
                            domain: string;
                            /** @enum {string} */
                            status: "not_started" | "pending" | "verified" | "failed";
                            records: {
                                type: string;
                                name: string;
                                value: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    domains?: string[];
                    /** Format: email */
                    from_email?: string;
                    from_name?: string;
                    /** Format: email */
                    reply_to?: string | null;
                    address?: string;
                    /** Format: uri */
                    logo_url?: string | null;
                    timezone?: string;
                    currency?: string;
                    locale?: string;
                    steps?: {
                        id: string;
                        /** @enum {string} */
                        channel: "popup" | "email";
                        delay_seconds: number;
                        subject?: string;
                        body?: string;
                    }[];
                    /** @enum {string} */
                    consent_mode?: "marketing_only" | "all";
                    frequency_cap?: {
                        max_emails?: number;
                        per_hours?: number;
                    };
                    daily_send_limit?: number | null;
                    quiet_hours?: {
                        start: string;
                        end: string;
                    } | null;
                    attribution_window_days?: number;
                    abandonment_horizon_days?: number;
                    /** @enum {string} */
                    failure_policy?: "send" | "defer";
                    popup?: {
                        delay_seconds?: number;
                        dismiss_hours?: number;
                        exit_intent?: boolean;
                        title?: string;
                        body?: string;
                        cta?: string;
                        dismiss_label?: string;
                        variants?: {
                            id: string;
                            weight: number;
                            delay_seconds?: number;
                            exit_intent?: boolean;
                            title?: string;
                            body?: string;
                            cta?: string;
                        }[];
                    };
                    resend?: {
                        requests_per_second?: number;
                    };
                    deliverability?: {
                        complaint_rate_slow?: number;
                        complaint_rate_pause?: number;
                        bounce_rate_slow?: number;
                        bounce_rate_pause?: number;
                        min_sample?: number;
                    };
                    klaviyo?: {
                        api_key?: string | null;
                        /** @enum {string} */
                        policy?: "skip" | "defer";
                        lookback_hours?: number;
                        recovery_flow_ids?: string[];
                    };
                    ga4?: {
                        api_secret?: string | null;
                        measurement_id?: string | null;
                        send_purchase?: boolean;
                    };
                };
            };
        };
        responses: {
            /** @description Updated settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        domains: string[];
                        /** Format: email */
                        from_email: string;
                        from_name: string;
                        /** Format: email */
                        reply_to: string | null;
                        address: string;
                        /** Format: uri */
                        logo_url: string | null;
                        timezone: string;
                        currency: string;
                        locale: string;
                        steps: {
                            id: string;
                            /** @enum {string} */
                            channel: "popup" | "email";
                            delay_seconds: number;
                            subject?: string;
                            body?: string;
                        }[];
                        /** @enum {string} */
                        consent_mode: "marketing_only" | "all";
                        frequency_cap: {
                            max_emails: number;
                            per_hours: number;
                        };
                        daily_send_limit: number | null;
                        quiet_hours: {
                            start: string;
                            end: string;
                        } | null;
                        attribution_window_days: number;
                        abandonment_horizon_days: number;
                        /** @enum {string} */
                        failure_policy: "send" | "defer";
                        popup: {
                            delay_seconds: number;
                            dismiss_hours: number;
                            exit_intent: boolean;
                            title: string;
                            body: string;
                            cta: string;
                            dismiss_label: string;
                            variants: {
                                id: string;
                                weight: number;
                                delay_seconds?: number;
                                exit_intent?: boolean;
                                title?: string;
                                body?: string;
                                cta?: string;
                            }[];
                        };
                        resend: {
                            requests_per_second: number;
                        };
                        deliverability: {
                            complaint_rate_slow: number;
                            complaint_rate_pause: number;
                            bounce_rate_slow: number;
                            bounce_rate_pause: number;
                            min_sample: number;
                        };
                        klaviyo: {
                            api_key: {
                                configured: boolean;
                                last4: string | null;
                            };
                            /** @enum {string} */
                            policy: "skip" | "defer";
                            lookback_hours: number;
                            recovery_flow_ids: string[];
                        };
                        ga4: {
                            api_secret: {
                                configured: boolean;
                                last4: string | null;
                            };
                            measurement_id: string | null;
                            send_purchase: boolean;
                        };
                        sending_domain: {
                            domain: string;
                            /** @enum {string} */
                            status: "not_started" | "pending" | "verified" | "failed";
                            records: {
                                type: string;
                                name: string;
                                value: string;
                            }[];
                        };
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with another store's (or a concurrent) claim */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSendingDomain: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sending domain */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        domain: string;
                        /** @enum {string} */
                        status: "not_started" | "pending" | "verified" | "failed";
                        records: {
                            type: string;
                            name: string;
                            value: string;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifySendingDomain: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sending domain after the request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        domain: string;
                        /** @enum {string} */
                        status: "not_started" | "pending" | "verified" | "failed";
                        records: {
                            type: string;
                            name: string;
                            value: string;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with another store's (or a concurrent) claim */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The email provider failed to answer or refused */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDeliverability: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The store's deliverability */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sent: number;
                        delivered: number;
                        bounced: number;
                        complained: number;
                        bounce_rate: number;
                        complaint_rate: number;
                        /** @enum {string} */
                        state: "healthy" | "slowed" | "paused";
                        /** @description when the store entered this state */
                        since: string | null;
                        reason: string | null;
                        last_7_days: {
                            sent: number;
                            delivered: number;
                            bounced: number;
                            complained: number;
                            bounce_rate: number;
                            complaint_rate: number;
                        };
                        /** @description the domain the store sends from now, with its rates over every email it sent; null rates on the operator's shared sender, whose numbers are other stores' too */
                        sending_domain: {
                            domain: string;
                            shared: boolean;
                            last_24_hours: {
                                sent: number;
                                delivered: number;
                                bounced: number;
                                complained: number;
                                bounce_rate: number;
                                complaint_rate: number;
                            } | null;
                            last_7_days: {
                                sent: number;
                                delivered: number;
                                bounced: number;
                                complained: number;
                                bounce_rate: number;
                                complaint_rate: number;
                            } | null;
                        };
                        /** @description a newly verified sending domain's cap for today */
                        warm_up: {
                            domain: string;
                            daily_cap: number;
                        } | null;
                        /** @description the merchant's last resume; the guard judges only what came after it */
                        resumed_at: string | null;
                        policy: {
                            complaint_rate_slow: number;
                            complaint_rate_pause: number;
                            bounce_rate_slow: number;
                            bounce_rate_pause: number;
                            min_sample: number;
                        };
                        /** @description the last 7 days hour by hour (hours with no events left out), for a chart against the thresholds */
                        hours: {
                            hour: string;
                            delivered: number;
                            bounced: number;
                            complained: number;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resumeSending: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The store's deliverability after the resume */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sent: number;
                        delivered: number;
                        bounced: number;
                        complained: number;
                        bounce_rate: number;
                        complaint_rate: number;
                        /** @enum {string} */
                        state: "healthy" | "slowed" | "paused";
                        /** @description when the store entered this state */
                        since: string | null;
                        reason: string | null;
                        last_7_days: {
                            sent: number;
                            delivered: number;
                            bounced: number;
                            complained: number;
                            bounce_rate: number;
                            complaint_rate: number;
                        };
                        /** @description the domain the store sends from now, with its rates over every email it sent; null rates on the operator's shared sender, whose numbers are other stores' too */
                        sending_domain: {
                            domain: string;
                            shared: boolean;
                            last_24_hours: {
                                sent: number;
                                delivered: number;
                                bounced: number;
                                complained: number;
                                bounce_rate: number;
                                complaint_rate: number;
                            } | null;
                            last_7_days: {
                                sent: number;
                                delivered: number;
                                bounced: number;
                                complained: number;
                                bounce_rate: number;
                                complaint_rate: number;
                            } | null;
                        };
                        /** @description a newly verified sending domain's cap for today */
                        warm_up: {
                            domain: string;
                            daily_cap: number;
                        } | null;
                        /** @description the merchant's last resume; the guard judges only what came after it */
                        resumed_at: string | null;
                        policy: {
                            complaint_rate_slow: number;
                            complaint_rate_pause: number;
                            bounce_rate_slow: number;
                            bounce_rate_pause: number;
                            min_sample: number;
                        };
                        /** @description the last 7 days hour by hour (hours with no events left out), for a chart against the thresholds */
                        hours: {
                            hour: string;
                            delivered: number;
                            bounced: number;
                            complained: number;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    kind: "secret" | "publishable" | "webhook";
                };
            };
        };
        responses: {
            /** @description The new key (shown once) and until when the old one is still accepted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "secret" | "publishable" | "webhook";
                        key: string;
                        previous_valid_until: string;
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    upsertCart: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    cart_token: string;
                    /** Format: email */
                    email?: string | null;
                    first_name?: string | null;
                    customer_id?: string | null;
                    accepts_marketing?: boolean;
                    currency: string;
                    total_price: number | string;
                    /** Format: uri */
                    checkout_url: string;
                    items: {
                        id: string;
                        title: string;
                        variant_title?: string | null;
                        price: number | string;
                        quantity: number;
                        /** Format: uri */
                        image_url?: string | null;
                        /** Format: uri */
                        url?: string | null;
                    }[];
                    visitor_id?: string | null;
                    ga_client_id?: string | null;
                    /** Format: date-time */
                    updated_at?: string;
                };
            };
        };
        responses: {
            /** @description The cart's sequence (null for an empty cart that never had one) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sequence: {
                            id: string;
                            /** @enum {string} */
                            status: "active" | "paused" | "stopped" | "completed" | "recovered";
                            /** @enum {string} */
                            sequence_type: "abandoned_cart";
                            current_step: string | null;
                            steps_completed: string[];
                            steps: {
                                id: string;
                                /** @enum {string} */
                                channel: "popup" | "email";
                                /** @enum {string} */
                                status: "pending" | "scheduled" | "sent" | "skipped" | "failed";
                                scheduled_at: string | null;
                                executed_at: string | null;
                                reason: string | null;
                            }[];
                            cart: {
                                token: string;
                                customer_email: string | null;
                                total_price: string;
                                currency: string;
                                checkout_url: string;
                                items: {
                                    id: string;
                                    title: string;
                                    variant_title?: string | null;
                                    price: string;
                                    quantity: number;
                                    image_url?: string | null;
                                    url?: string | null;
                                }[];
                            };
                            started_at: string;
                            stopped_reason: string | null;
                            in_flight: string[];
                        } | null;
                    };
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordOrder: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    order_id: string;
                    cart_token?: string | null;
                    /** Format: email */
                    email?: string | null;
                    customer_id?: string | null;
                    total_price: number | string;
                    currency: string;
                    /**
                     * @default paid
                     * @enum {string}
                     */
                    financial_status?: "pending" | "authorized" | "partially_paid" | "paid" | "partially_refunded" | "refunded" | "voided" | "expired";
                    /** Format: date-time */
                    created_at?: string;
                };
            };
        };
        responses: {
            /** @description What the order matched */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        order_id: string;
                        matched_cart: string | null;
                        recovered: boolean;
                        sequence: {
                            id: string;
                            /** @enum {string} */
                            status: "active" | "paused" | "stopped" | "completed" | "recovered";
                            /** @enum {string} */
                            sequence_type: "abandoned_cart";
                            current_step: string | null;
                            steps_completed: string[];
                            steps: {
                                id: string;
                                /** @enum {string} */
                                channel: "popup" | "email";
                                /** @enum {string} */
                                status: "pending" | "scheduled" | "sent" | "skipped" | "failed";
                                scheduled_at: string | null;
                                executed_at: string | null;
                                reason: string | null;
                            }[];
                            cart: {
                                token: string;
                                customer_email: string | null;
                                total_price: string;
                                currency: string;
                                checkout_url: string;
                                items: {
                                    id: string;
                                    title: string;
                                    variant_title?: string | null;
                                    price: string;
                                    quantity: number;
                                    image_url?: string | null;
                                    url?: string | null;
                                }[];
                            };
                            started_at: string;
                            stopped_reason: string | null;
                            in_flight: string[];
                        } | null;
                        stopped_sequences: string[];
                    };
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordRefund: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    order_id: string;
                    refund_id: string;
                    amount: number | string;
                    currency: string;
                };
            };
        };
        responses: {
            /** @description Whether it lowered a recovered order's revenue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        order_id: string;
                        refund_id: string;
                        counted: boolean;
                    };
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSequences: {
        parameters: {
            query?: {
                status?: "active" | "paused" | "stopped" | "completed" | "recovered";
                /** @description The current step's id: the first step still scheduled */
                step?: string;
                /** @description The shopper's address, or its beginning; case-insensitive */
                email?: string;
                limit?: number;
                /** @description `next_cursor` of the previous page; anything else is 400 */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of sequences, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            /** @enum {string} */
                            status: "active" | "paused" | "stopped" | "completed" | "recovered";
                            /** @enum {string} */
                            sequence_type: "abandoned_cart";
                            current_step: string | null;
                            steps_completed: string[];
                            steps: {
                                id: string;
                                /** @enum {string} */
                                channel: "popup" | "email";
                                /** @enum {string} */
                                status: "pending" | "scheduled" | "sent" | "skipped" | "failed";
                                scheduled_at: string | null;
                                executed_at: string | null;
                                reason: string | null;
                            }[];
                            cart: {
                                token: string;
                                customer_email: string | null;
                                total_price: string;
                                currency: string;
                                checkout_url: string;
                                items: {
                                    id: string;
                                    title: string;
                                    variant_title?: string | null;
                                    price: string;
                                    quantity: number;
                                    image_url?: string | null;
                                    url?: string | null;
                                }[];
                            };
                            started_at: string;
                            stopped_reason: string | null;
                            in_flight: string[];
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSequence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sequence with its timeline */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "active" | "paused" | "stopped" | "completed" | "recovered";
                        /** @enum {string} */
                        sequence_type: "abandoned_cart";
                        current_step: string | null;
                        steps_completed: string[];
                        steps: {
                            id: string;
                            /** @enum {string} */
                            channel: "popup" | "email";
                            /** @enum {string} */
                            status: "pending" | "scheduled" | "sent" | "skipped" | "failed";
                            scheduled_at: string | null;
                            executed_at: string | null;
                            reason: string | null;
                        }[];
                        cart: {
                            token: string;
                            customer_email: string | null;
                            total_price: string;
                            currency: string;
                            checkout_url: string;
                            items: {
                                id: string;
                                title: string;
                                variant_title?: string | null;
                                price: string;
                                quantity: number;
                                image_url?: string | null;
                                url?: string | null;
                            }[];
                        };
                        started_at: string;
                        stopped_reason: string | null;
                        in_flight: string[];
                        timeline: {
                            at: string;
                            /** @enum {string} */
                            type: "sequence_started" | "abandonment_clock_restarted" | "sequence_reached" | "sequence_completed" | "sequence_stopped" | "sequence_paused" | "sequence_resumed" | "sequence_recovered" | "order_refunded" | "popup_eligible" | "popup_shown" | "popup_clicked" | "popup_dismissed" | "email_queued" | "email_skipped" | "email_deferred" | "steps_rescheduled" | "integration_unavailable" | "email_sent" | "email_failed" | "email_accepted" | "email_delivered" | "email_delivery_delayed" | "email_opened" | "email_clicked" | "email_bounced" | "email_complained" | "unsubscribed";
                            step: string | null;
                            detail: string;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    stopSequence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The sequence after the command */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "active" | "paused" | "stopped" | "completed" | "recovered";
                        /** @enum {string} */
                        sequence_type: "abandoned_cart";
                        current_step: string | null;
                        steps_completed: string[];
                        steps: {
                            id: string;
                            /** @enum {string} */
                            channel: "popup" | "email";
                            /** @enum {string} */
                            status: "pending" | "scheduled" | "sent" | "skipped" | "failed";
                            scheduled_at: string | null;
                            executed_at: string | null;
                            reason: string | null;
                        }[];
                        cart: {
                            token: string;
                            customer_email: string | null;
                            total_price: string;
                            currency: string;
                            checkout_url: string;
                            items: {
                                id: string;
                                title: string;
                                variant_title?: string | null;
                                price: string;
                                quantity: number;
                                image_url?: string | null;
                                url?: string | null;
                            }[];
                        };
                        started_at: string;
                        stopped_reason: string | null;
                        in_flight: string[];
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pauseSequence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sequence after the command */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "active" | "paused" | "stopped" | "completed" | "recovered";
                        /** @enum {string} */
                        sequence_type: "abandoned_cart";
                        current_step: string | null;
                        steps_completed: string[];
                        steps: {
                            id: string;
                            /** @enum {string} */
                            channel: "popup" | "email";
                            /** @enum {string} */
                            status: "pending" | "scheduled" | "sent" | "skipped" | "failed";
                            scheduled_at: string | null;
                            executed_at: string | null;
                            reason: string | null;
                        }[];
                        cart: {
                            token: string;
                            customer_email: string | null;
                            total_price: string;
                            currency: string;
                            checkout_url: string;
                            items: {
                                id: string;
                                title: string;
                                variant_title?: string | null;
                                price: string;
                                quantity: number;
                                image_url?: string | null;
                                url?: string | null;
                            }[];
                        };
                        started_at: string;
                        stopped_reason: string | null;
                        in_flight: string[];
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resumeSequence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sequence after the command */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "active" | "paused" | "stopped" | "completed" | "recovered";
                        /** @enum {string} */
                        sequence_type: "abandoned_cart";
                        current_step: string | null;
                        steps_completed: string[];
                        steps: {
                            id: string;
                            /** @enum {string} */
                            channel: "popup" | "email";
                            /** @enum {string} */
                            status: "pending" | "scheduled" | "sent" | "skipped" | "failed";
                            scheduled_at: string | null;
                            executed_at: string | null;
                            reason: string | null;
                        }[];
                        cart: {
                            token: string;
                            customer_email: string | null;
                            total_price: string;
                            currency: string;
                            checkout_url: string;
                            items: {
                                id: string;
                                title: string;
                                variant_title?: string | null;
                                price: string;
                                quantity: number;
                                image_url?: string | null;
                                url?: string | null;
                            }[];
                        };
                        started_at: string;
                        stopped_reason: string | null;
                        in_flight: string[];
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openLiveChannel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream; each `change` event's data is one notice. Reload the affected data on a notice; reconnect and reload after a drop. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["LiveNotice"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAnalytics: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Analytics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                        recovery_rate: number;
                        total_sequences: number;
                        active_sequences: number;
                        recovered_sequences: number;
                        recovered_revenue: number;
                        currency: string;
                        emails: {
                            sent: number;
                            delivered: number;
                            opened: number;
                            clicked: number;
                            bounced: number;
                            complained: number;
                            unsubscribed: number;
                        };
                        popup: {
                            shown: number;
                            clicked: number;
                            dismissed: number;
                            /** @description While a popup A/B test runs: each variant over the whole test (since its variants were last defined), not the date range */
                            variants?: {
                                id: string;
                                shown: number;
                                clicked: number;
                                /** @description Carts recovered whose shopper was shown this variant */
                                recovered: number;
                                /** @description Their recovered revenue, net of refunds, in `currency` */
                                revenue: number;
                                /** @description recovered / shown */
                                conversion_rate: number;
                                /** @description Wilson 95 % interval of the conversion rate, lower bound */
                                ci_low: number;
                                /** @description Wilson 95 % interval of the conversion rate, upper bound */
                                ci_high: number;
                            }[];
                            /** @description While a test runs: the variant whose conversion rate beats every other's by a two-sided two-proportion z-test at 5 % (Bonferroni-corrected for its comparisons), each variant shown at least 30 times; else null */
                            winner?: string | null;
                        };
                        funnel: {
                            stage: string;
                            count: number;
                        }[];
                        by_step: {
                            step: string;
                            sent: number;
                            opened: number;
                            clicked: number;
                            recovered: number;
                        }[];
                        /** @description One entry per UTC day from `from` to `to`, zeros included; each column sums to its total above */
                        daily?: {
                            /** @description UTC day, YYYY-MM-DD */
                            date: string;
                            /** @description Sequences started that day */
                            abandoned: number;
                            /** @description Sequences recovered that day */
                            recovered: number;
                            /** @description Recovered revenue that day, net of refunds, in `currency` */
                            revenue: number;
                        }[];
                        /** @description the deliverability guard now (last 24 h), whatever the range */
                        deliverability: {
                            sent: number;
                            delivered: number;
                            bounced: number;
                            complained: number;
                            bounce_rate: number;
                            complaint_rate: number;
                            /** @enum {string} */
                            state: "healthy" | "slowed" | "paused";
                            /** @description when the store entered this state */
                            since: string | null;
                            reason: string | null;
                        };
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listOutbox: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Emails */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            sequence_id: string;
                            step_id: string;
                            to: string;
                            subject: string;
                            text: string;
                            html: string;
                            /** @enum {string} */
                            status: "sending" | "outbox" | "sent" | "delivered" | "bounced" | "complained" | "failed";
                            provider_id: string | null;
                            error: string | null;
                            created_at: string;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listDeadLetters: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Dead letters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            queue: string;
                            body?: unknown;
                            created_at: string;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receiveShopifyWebhook: {
        parameters: {
            query?: never;
            header: {
                "x-shopify-topic": string;
                "x-shopify-hmac-sha256": string;
                "x-shopify-webhook-id": string;
            };
            path: {
                store_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Acknowledged: processed (verified and queued), duplicate (a replay) or ignored (an unused topic) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "processed" | "duplicate" | "ignored";
                    };
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openWidgetSession: {
        parameters: {
            query?: {
                key?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    visitor_id: string;
                    visitor_token?: string;
                    cart_token?: string;
                    ga_client_id?: string;
                };
            };
        };
        responses: {
            /** @description The popup or null, and the signed visitor to present on later calls */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        popup: {
                            sequence_id: string;
                            items: {
                                title: string;
                                price: string;
                                quantity: number;
                                image_url?: string | null;
                            }[];
                            total_price: string;
                            currency: string;
                            checkout_url: string;
                            delay_seconds: number;
                            exit_intent: boolean;
                            dismiss_hours: number;
                            copy: {
                                title: string;
                                body: string;
                                cta: string;
                                dismiss_label: string;
                            };
                            variant?: string;
                        } | null;
                        visitor_id: string;
                        visitor_token: string;
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed from this origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordWidgetEvent: {
        parameters: {
            query?: {
                key?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Recorded (once per step and visitor) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed from this origin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSuppressions: {
        parameters: {
            query?: {
                format?: "json" | "csv";
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The suppression list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            email: string;
                            /** @enum {string} */
                            reason: "unsubscribed" | "bounced" | "complained" | "manual";
                            /** @enum {string} */
                            source: "unsubscribe_link" | "resend_webhook" | "dashboard";
                            created_at: string;
                        }[];
                    };
                    "text/csv": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addSuppression: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    /** @enum {string} */
                    reason?: "manual";
                };
            };
        };
        responses: {
            /** @description Already suppressed: the first reason and date stay */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string;
                        /** @enum {string} */
                        reason: "unsubscribed" | "bounced" | "complained" | "manual";
                        /** @enum {string} */
                        source: "unsubscribe_link" | "resend_webhook" | "dashboard";
                        created_at: string;
                    };
                };
            };
            /** @description Suppressed now */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string;
                        /** @enum {string} */
                        reason: "unsubscribed" | "bounced" | "complained" | "manual";
                        /** @enum {string} */
                        source: "unsubscribe_link" | "resend_webhook" | "dashboard";
                        created_at: string;
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    showUnsubscribePage: {
        parameters: {
            query?: {
                token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid link */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    unsubscribe: {
        parameters: {
            query?: {
                token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Confirmation page */
            200: {
                headers: {
                    /** @description Emails already in flight to the address when it was unsubscribed: they may still arrive */
                    "Reva-Emails-In-Flight"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid link */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    followEmailLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Redirect to the checkout */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unknown or forged link */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receiveResendWebhook: {
        parameters: {
            query?: never;
            header: {
                "svix-id": string;
                "svix-timestamp": string;
                "svix-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Acknowledged */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "recorded" | "ignored" | "unknown_email" | "duplicate";
                    };
                };
            };
            /** @description Malformed request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewStepEmail: {
        parameters: {
            query?: {
                sequence_id?: string;
            };
            header?: never;
            path: {
                step_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rendered email */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        subject: string;
                        html: string;
                        text: string;
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewStepEmailDraft: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                step_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    subject?: string;
                    body?: string;
                    sequence_id?: string;
                };
            };
        };
        responses: {
            /** @description The rendered email */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        subject: string;
                        html: string;
                        text: string;
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewStepEmailPage: {
        parameters: {
            query?: {
                sequence_id?: string;
            };
            header?: never;
            path: {
                step_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The email's HTML as a page of its own (own Content-Security-Policy, framable by the dashboard only) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewStepEmailDraftPage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                step_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    subject?: string;
                    body?: string;
                    sequence_id?: string;
                };
            };
        };
        responses: {
            /** @description The email's HTML as a page of its own (own Content-Security-Policy, framable by the dashboard only) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    showOutboxEmailPage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The email's HTML as a page of its own (own Content-Security-Policy, framable by the dashboard only) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendTestEmail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                step_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    to: string;
                };
            };
        };
        responses: {
            /** @description Sent, or rendered only in outbox mode */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        mode: "resend" | "outbox";
                        id: string | null;
                        subject: string;
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid field; `errors` names each one */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; `Retry-After` says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The email provider failed to answer or refused */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listKlaviyoFlows: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flows, read with the store's Klaviyo key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            id: string;
                            name: string;
                            /** @description Klaviyo's flow status: draft, manual or live */
                            status: string;
                            trigger_type: string | null;
                        }[];
                        /** @description The account has more flows than were read (150, by name) */
                        more: boolean;
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Klaviyo is not connected for this store (no klaviyo.api_key) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Klaviyo is rate limiting the account; `Retry-After` is Klaviyo's */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Klaviyo refused the key or failed; `detail` gives Klaviyo's answer (never the key) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIntegrations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One entry per integration, by name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        resend: {
                            configured: boolean;
                            last_success: string | null;
                            last_error: {
                                message: string;
                                at: string;
                            } | null;
                            /** @enum {string} */
                            circuit_state: "closed" | "open" | "half_open";
                            events_waiting: number;
                            events_dropped: number;
                            deliverability: {
                                sent: number;
                                delivered: number;
                                bounced: number;
                                complained: number;
                                bounce_rate: number;
                                complaint_rate: number;
                                /** @enum {string} */
                                state: "healthy" | "slowed" | "paused";
                                /** @description when the store entered this state */
                                since: string | null;
                                reason: string | null;
                            };
                        };
                        klaviyo: {
                            configured: boolean;
                            last_success: string | null;
                            last_error: {
                                message: string;
                                at: string;
                            } | null;
                            /** @enum {string} */
                            circuit_state: "closed" | "open" | "half_open";
                            events_waiting: number;
                            events_dropped: number;
                        };
                        ga4: {
                            configured: boolean;
                            last_success: string | null;
                            last_error: {
                                message: string;
                                at: string;
                            } | null;
                            /** @enum {string} */
                            circuit_state: "closed" | "open" | "half_open";
                            events_waiting: number;
                            events_dropped: number;
                        };
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    testIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The check's outcome */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        name: "resend" | "klaviyo" | "ga4";
                        ok: boolean;
                        detail: string;
                        messages: {
                            field: string;
                            description: string;
                            code: string;
                        }[];
                    };
                };
            };
            /** @description Missing or invalid credentials */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or another store's) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over 1 MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not UTF-8 JSON, or is sent with another content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected error on the server's side */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A secret or variable the server needs is missing or invalid */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
