import { createRoute, z } from "@hono/zod-openapi";
import { singleLineText } from "../domain/plain-text";
import { currencyCode, domainName, timeZone } from "../domain/settings";
import { createRouter, services } from "../http/app";
import { requireAdmin } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { createStore, listStores } from "../services/stores";

const createStoreSchema = z.strictObject({
  name: singleLineText(200).trim().min(1),
  domain: domainName,
  from_email: z.email(),
  from_name: singleLineText(200).optional(),
  timezone: timeZone.optional(),
  currency: currencyCode.optional(),
});

const createdSchema = z.object({ id: z.string(), secret_key: z.string(), publishable_key: z.string(), webhook_secret: z.string() });

const route = createRoute({
  operationId: "createStore",
  tags: ["Stores"],
  method: "post",
  path: "/api/v1/stores",
  summary: "Create a store (admin). Keys are shown once.",
  security: security.admin,
  middleware: [requireAdmin] as const,
  request: { body: jsonBody(createStoreSchema) },
  responses: { 201: jsonResponse("Created", createdSchema), 401: problems[401], 422: problems[422]},
});

const storeListSchema = z.object({
  stores: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      domains: z.array(z.string()),
      created_at: z.string(),
      shard: z.string().openapi({ description: "The D1 binding (one of D1_SHARDS) that holds the store's data" }),
    }),
  ),
  next_after: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last one" }),
});

const list = createRoute({
  operationId: "listStores",
  tags: ["Stores"],
  method: "get",
  path: "/api/v1/stores",
  summary: "List every store on every shard, by id (admin)",
  security: security.admin,
  middleware: [requireAdmin] as const,
  request: {
    query: z.object({
      after: z.string().max(200).optional().openapi({ description: "The `next_after` of the previous page" }),
      limit: z.coerce.number().int().min(1).max(100).default(100),
    }),
  },
  responses: { 200: jsonResponse("A page of stores", storeListSchema), 401: problems[401], 422: problems[422] },
});

export const storeRoutes = createRouter()
  .openapi(route, async (c) => c.json(await createStore(services(c), c.req.valid("json")), 201))
  .openapi(list, async (c) => c.json(await listStores(services(c), c.req.valid("query")), 200));
