import { createRoute, z } from "@hono/zod-openapi";
import { SEQUENCE_STATUSES } from "../domain/sequence";
import { sequenceDetailSchema, sequenceViewSchema } from "../domain/sequence-view";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { getSequence, listSequences, pauseSequence, resumeSequence, stopSequence } from "../services/sequences";

const idParams = z.object({ id: z.string().min(1).max(100) });
const common = { tags: ["Sequences"], security: security.merchant, middleware: [requireSecretKey] };

const list = createRoute({
  ...common,
  operationId: "listSequences",
  method: "get",
  path: "/api/v1/recovery/sequences",
  summary: "Recovery sequences, newest first, optionally by status, current step and address (exact or prefix)",
  request: {
    query: z.object({
      status: z.enum(SEQUENCE_STATUSES).optional(),
      step: z.string().min(1).max(64).optional().openapi({ description: "The current step's id: the first step still scheduled" }),
      email: z.string().trim().toLowerCase().min(1).max(320).optional().openapi({ description: "The shopper's address, or its beginning; case-insensitive" }),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().optional().openapi({ description: "`next_cursor` of the previous page; anything else is 400" }),
    }),
  },
  responses: {
    200: jsonResponse("A page of sequences, newest first", z.object({ data: z.array(sequenceViewSchema), next_cursor: z.string().nullable() })),
    400: problems[400],
    401: problems[401],
    422: problems[422],
  },
});

const detail = createRoute({
  ...common,
  operationId: "getSequence",
  method: "get",
  path: "/api/v1/recovery/sequences/{id}",
  summary: "One sequence with its timeline",
  request: { params: idParams },
  responses: { 200: jsonResponse("The sequence with its timeline", sequenceDetailSchema), 401: problems[401], 404: problems[404] },
});

const commandResponses = {
  200: jsonResponse("The sequence after the command", sequenceViewSchema),
  401: problems[401],
  404: problems[404],
  422: problems[422],
};

const command = (action: "pause" | "resume", operationId: string, summary: string) =>
  createRoute({ ...common, operationId, method: "post", path: `/api/v1/recovery/sequences/{id}/${action}`, summary, request: { params: idParams }, responses: commandResponses });

const stop = createRoute({
  ...common,
  operationId: "stopSequence",
  method: "post",
  path: "/api/v1/recovery/sequences/{id}/stop",
  summary: "Stop for good; idempotent; no step runs after it returns",
  request: { params: idParams, body: jsonBody(z.strictObject({ reason: z.string().trim().min(1).max(200) })) },
  responses: commandResponses,
});

export const sequenceRoutes = createRouter()
  .openapi(list, async (c) => c.json(await listSequences(storeServices(c), c.req.valid("query")), 200))
  .openapi(detail, async (c) => c.json(await getSequence(storeServices(c), c.req.valid("param").id), 200))
  .openapi(stop, async (c) => c.json(await stopSequence(storeServices(c), { sequenceId: c.req.valid("param").id, reason: c.req.valid("json").reason }), 200))
  .openapi(command("pause", "pauseSequence", "Pause the schedule"), async (c) => c.json(await pauseSequence(storeServices(c), c.req.valid("param").id), 200))
  .openapi(command("resume", "resumeSequence", "Resume the schedule; steps that fell due while paused run now"), async (c) =>
    c.json(await resumeSequence(storeServices(c), c.req.valid("param").id), 200),
  );
