import { createRoute } from "@hono/zod-openapi";
import { deliverabilityReportSchema } from "../domain/deliverability/report";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonResponse, problems, security } from "../http/openapi-common";
import { readDeliverability, resumeSending } from "../services/deliverability";

const common = { tags: ["Deliverability"], security: security.merchant, middleware: [requireSecretKey] };

const read = createRoute({
  ...common,
  operationId: "getDeliverability",
  method: "get",
  path: "/api/v1/store/deliverability",
  summary: "Bounce and complaint rates over 24 h and 7 days, the guard's state (healthy, slowed, paused) and why, a new domain's warm-up",
  responses: { 200: jsonResponse("The store's deliverability", deliverabilityReportSchema), 401: problems[401] },
});

const resume = createRoute({
  ...common,
  operationId: "resumeSending",
  method: "post",
  path: "/api/v1/store/deliverability/resume",
  summary: "Resume sending after the guard paused it; the guard then judges only what happens from now on",
  responses: { 200: jsonResponse("The store's deliverability after the resume", deliverabilityReportSchema), 401: problems[401] },
});

export const deliverabilityRoutes = createRouter()
  .openapi(read, async (c) => {
    const { report, rowsRead } = await readDeliverability(storeServices(c));
    // The rows D1 read for the rates: constant however many emails the store sent.
    c.header("x-d1-rows-read", String(rowsRead));
    return c.json(report, 200);
  })
  .openapi(resume, async (c) => c.json(await resumeSending(storeServices(c)), 200));
