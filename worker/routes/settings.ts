import { createRoute } from "@hono/zod-openapi";
import { sendingDomainViewSchema } from "../domain/email/sender";
import { settingsPatchSchema, settingsViewSchema } from "../domain/settings";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { readSettings, updateSettings } from "../services/stores";

/** Settings as shown, with the sending domain read-only beside them (changed through /store/sending-domain). */
const shownSettings = settingsViewSchema.extend({ sending_domain: sendingDomainViewSchema });

const read = createRoute({
  operationId: "getSettings",
  tags: ["Settings"],
  method: "get",
  path: "/api/v1/store/settings",
  summary: "The store's settings; secrets appear only as { configured, last4 }",
  security: security.merchant,
  middleware: [requireSecretKey] as const,
  responses: { 200: jsonResponse("Settings; secrets appear as { configured, last4 }", shownSettings), 401: problems[401] },
});

const update = createRoute({
  operationId: "updateSettings",
  tags: ["Settings"],
  method: "patch",
  path: "/api/v1/store/settings",
  summary: "Partial update: nested objects merge, lists replace, unknown keys are rejected",
  security: security.merchant,
  middleware: [requireSecretKey] as const,
  request: { body: jsonBody(settingsPatchSchema) },
  responses: { 200: jsonResponse("Updated settings", shownSettings), 401: problems[401], 409: problems[409], 422: problems[422] },
});

export const settingsRoutes = createRouter()
  .openapi(read, async (c) => c.json(await readSettings(storeServices(c)), 200))
  .openapi(update, async (c) => c.json(await updateSettings(storeServices(c), c.req.valid("json")), 200));
