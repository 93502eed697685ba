import { createRoute, z } from "@hono/zod-openapi";
import { singleLineText } from "../domain/plain-text";
import { currencyCode, domainName, timeZone } from "../domain/settings";
import { createRouter, services } from "../http/app";
import { requireAdmin } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { createStore } from "../services/stores";

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

export const storeRoutes = createRouter().openapi(route, async (c) => c.json(await createStore(services(c), c.req.valid("json")), 201));
