import { createRoute } from "@hono/zod-openapi";
import { readConfig, requireSecretsKey } from "../config";
import { database } from "../db/client";
import { settingsPatchSchema, settingsViewSchema, toSettingsView } from "../domain/settings";
import { updateSettings } from "../domain/stores";
import { createRouter } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, secretKeySecurity } from "../http/openapi-common";
import { SecretBox } from "../security/secret-box";

const read = createRoute({
  method: "get",
  path: "/api/v1/store/settings",
  security: secretKeySecurity,
  middleware: [requireSecretKey] as const,
  responses: { 200: jsonResponse("Settings; secrets appear as { configured, last4 }", settingsViewSchema), 401: problems[401] },
});

const update = createRoute({
  method: "patch",
  path: "/api/v1/store/settings",
  summary: "Partial update: nested objects merge, lists replace, unknown keys are rejected",
  security: secretKeySecurity,
  middleware: [requireSecretKey] as const,
  request: { body: jsonBody(settingsPatchSchema) },
  responses: { 200: jsonResponse("Updated settings", settingsViewSchema), 401: problems[401], 422: problems[422] },
});

export const settingsRoutes = createRouter()
  .openapi(read, (c) => c.json(toSettingsView(c.get("store").settings), 200))
  .openapi(update, async (c) => {
    const box = new SecretBox(requireSecretsKey(readConfig(c.env)));
    return c.json(await updateSettings(database(c.env.DB), box, c.get("store"), c.req.valid("json")), 200);
  });
