import { createRoute, z } from "@hono/zod-openapi";
import { readConfig, requireSecretsKey } from "../config";
import { database } from "../db/client";
import { currencyCode, domainName, timeZone } from "../domain/settings";
import { createStore } from "../domain/stores";
import { createRouter } from "../http/app";
import { requireAdmin } from "../http/auth";
import { jsonBody, jsonResponse, problems } from "../http/openapi-common";
import { SecretBox } from "../security/secret-box";

const createStoreSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  domain: domainName,
  from_email: z.email(),
  from_name: z.string().max(200).optional(),
  timezone: timeZone.optional(),
  currency: currencyCode.optional(),
});

const createdSchema = z.object({ id: z.string(), secret_key: z.string(), publishable_key: z.string(), webhook_secret: z.string() });

const route = createRoute({
  method: "post",
  path: "/api/v1/stores",
  summary: "Create a store (admin). Keys are shown once.",
  security: [{ adminToken: [] }],
  middleware: [requireAdmin] as const,
  request: { body: jsonBody(createStoreSchema) },
  responses: { 201: jsonResponse("Created", createdSchema), 401: problems[401], 422: problems[422] },
});

export const storeRoutes = createRouter().openapi(route, async (c) => {
  const box = new SecretBox(requireSecretsKey(readConfig(c.env)));
  const keys = await createStore(database(c.env.DB), box, c.req.valid("json"));
  return c.json(keys, 201);
});
