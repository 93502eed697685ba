import { createRoute, z } from "@hono/zod-openapi";
import { LIVE_NOTICE_TYPES } from "../domain/live-notice";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { problems, security } from "../http/openapi-common";
import { openLiveStream } from "../services/live";

const route = createRoute({
  operationId: "openLiveChannel",
  tags: ["Live"],
  method: "get",
  path: "/api/v1/live",
  summary: "Server-Sent Events: `change` events `{ type, sequence_id, at }` for the store's open dashboards",
  security: security.merchant,
  middleware: [requireSecretKey],
  responses: {
    200: {
      description: "An event stream; each `change` event's data is one notice. Reload the affected data on a notice; reconnect and reload after a drop.",
      content: {
        "text/event-stream": {
          schema: z.object({ type: z.enum(LIVE_NOTICE_TYPES), sequence_id: z.string(), at: z.string() }).openapi("LiveNotice"),
        },
      },
    },
    401: problems[401],
  },
});

export const liveRoutes = createRouter().openapi(route, async (c) => (await openLiveStream(storeServices(c))) as never);
