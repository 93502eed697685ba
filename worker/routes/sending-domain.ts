import { createRoute } from "@hono/zod-openapi";
import { sendingDomainViewSchema } from "../domain/email/sender";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonResponse, problems, security } from "../http/openapi-common";
import { readSendingDomain, startSendingDomainVerification } from "../services/sending-domains";

const common = { tags: ["Settings"], security: security.merchant, middleware: [requireSecretKey], path: "/api/v1/store/sending-domain" };

const read = createRoute({
  ...common,
  operationId: "getSendingDomain",
  method: "get",
  summary: "The domain of the store's from_email: verification status (re-checked with Resend) and the DNS records to publish",
  responses: { 200: jsonResponse("The sending domain", sendingDomainViewSchema), 401: problems[401] },
});

const verify = createRoute({
  ...common,
  operationId: "verifySendingDomain",
  method: "post",
  summary: "Add the from_email's domain to Resend for this store, or ask Resend to verify it again; until it is verified, emails go from the operator's sender",
  responses: {
    200: jsonResponse("The sending domain after the request", sendingDomainViewSchema),
    401: problems[401],
    409: problems[409],
    502: problems[502],
  },
});

export const sendingDomainRoutes = createRouter()
  .openapi(read, async (c) => c.json(await readSendingDomain(storeServices(c)), 200))
  .openapi(verify, async (c) => c.json(await startSendingDomainVerification(storeServices(c)), 200));
