import { z } from "@hono/zod-openapi";

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemSchema } } });

export const problems = {
  400: problem("Malformed request"),
  401: problem("Missing or invalid credentials"),
  403: problem("Not allowed from this origin"),
  404: problem("Not found (or another store's)"),
  409: problem("Conflicts with another store's (or a concurrent) claim"),
  413: problem("Body over 1 MB"),
  415: problem("The body is not UTF-8 JSON, or is sent with another content type"),
  422: problem("Invalid field; `errors` names each one"),
  429: {
    ...problem("Too many requests; `Retry-After` says when to try again"),
    headers: { "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer" as const } } },
  },
  500: problem("Unexpected error on the server's side"),
  502: problem("The email provider failed to answer or refused"),
  503: problem("A secret or variable the server needs is missing or invalid"),
};

/** A problem response as it stands in the finished document (the zod schema already registered as `Problem`). */
const problemReference = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

type Operation = { operationId?: string; responses?: Record<string, unknown> };

/** Operations that read no configuration, so they cannot answer 503. */
const NEEDS_NO_CONFIG = new Set(["getHealth"]);

/**
 * The problems any operation can answer, added to the document in one place instead of to every
 * route: 500 (unexpected), 413 (every body is capped at 1 MB), 415 (a body that is not JSON) and 503 (a secret or variable the
 * server needs is missing or invalid).
 */
export function withCommonProblems<T extends { paths?: object }>(document: T): T {
  for (const item of Object.values((document.paths ?? {}) as Record<string, Record<string, Operation>>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!operation.responses) continue;
      if (["post", "put", "patch"].includes(method)) {
        operation.responses["413"] ??= problemReference(problems[413].description);
        operation.responses["415"] ??= problemReference(problems[415].description);
      }
      if (!NEEDS_NO_CONFIG.has(operation.operationId ?? "")) operation.responses["503"] ??= problemReference(problems[503].description);
      operation.responses["500"] ??= problemReference(problems[500].description);
    }
  }
  return document;
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

type SecurityRequirement = Record<string, string[]>;

/** The three ways a caller is known (SPEC §4); every operation names its own, or `public`. */
export const security: Record<"merchant" | "storefront" | "admin" | "public", SecurityRequirement[]> = {
  /** Merchant calls: the store's secret key, or the dashboard's session cookie made from it. */
  merchant: [{ secretKey: [] }, { sessionCookie: [] }],
  /** The storefront widget: the store's publishable key. */
  storefront: [{ publishableKey: [] }],
  admin: [{ adminToken: [] }],
  /** No credentials: shopper pages, health, and webhooks that carry their own signature. */
  public: [],
};

export const securitySchemes = {
  secretKey: { type: "http", scheme: "bearer", description: "The store's secret key `sk_…`" },
  sessionCookie: { type: "apiKey", in: "cookie", name: "reva_session", description: "Dashboard session, set by `POST /api/v1/session`" },
  publishableKey: { type: "apiKey", in: "query", name: "key", description: "The store's publishable key `pk_…` (also accepted as `Authorization: Bearer pk_…`)" },
  adminToken: { type: "http", scheme: "bearer", description: "The operator's `ADMIN_TOKEN`" },
} as const;
