import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { database } from "../db/client";
import { findSequenceRow, getSequenceDetail, listSequences } from "../db/sequences";
import { cartSequence, type CartSequenceStub } from "../durable/cart-sequences";
import { SEQUENCE_STATUSES } from "../domain/sequence";
import { sequenceDetailSchema, sequenceViewSchema, type SequenceView } from "../domain/sequence-view";
import { notFound } from "../errors";
import { createRouter, type AppEnv } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, secretKeySecurity } from "../http/openapi-common";

const idParams = z.object({ id: z.string().min(1).max(100) });
const common = { security: secretKeySecurity, middleware: [requireSecretKey] };

const list = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/recovery/sequences",
  request: {
    query: z.object({
      status: z.enum(SEQUENCE_STATUSES).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(100).optional(),
    }),
  },
  responses: {
    200: jsonResponse("A page of sequences, newest first", z.object({ data: z.array(sequenceViewSchema), next_cursor: z.string().nullable() })),
    401: problems[401],
    422: problems[422],
  },
});

const detail = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/recovery/sequences/{id}",
  request: { params: idParams },
  responses: { 200: jsonResponse("The sequence with its timeline", sequenceDetailSchema), 401: problems[401], 404: problems[404] },
});

const commandResponses = {
  200: jsonResponse("The sequence after the command", sequenceViewSchema),
  401: problems[401],
  404: problems[404],
  422: problems[422],
};

const command = (action: "pause" | "resume", summary: string) =>
  createRoute({ ...common, method: "post", path: `/api/v1/recovery/sequences/{id}/${action}`, summary, request: { params: idParams }, responses: commandResponses });

const stop = createRoute({
  ...common,
  method: "post",
  path: "/api/v1/recovery/sequences/{id}/stop",
  summary: "Stop for good; idempotent; no step runs after it returns",
  request: { params: idParams, body: jsonBody(z.strictObject({ reason: z.string().trim().min(1).max(200) })) },
  responses: commandResponses,
});

/** Resolves the id within the caller's store only: another store's id is a plain 404. */
async function sequenceStub(c: Context<AppEnv>, id: string): Promise<CartSequenceStub> {
  const store = c.get("store");
  const row = await findSequenceRow(database(c.env.DB), store.id, id);
  if (!row) throw notFound("sequence");
  return cartSequence(c.env, store.id, row.cartToken);
}

const found = (view: SequenceView | null) => {
  if (!view) throw notFound("sequence");
  return view;
};

export const sequenceRoutes = createRouter()
  .openapi(list, async (c) => c.json(await listSequences(database(c.env.DB), c.get("store").id, c.req.valid("query")), 200))
  .openapi(detail, async (c) => {
    const sequence = await getSequenceDetail(database(c.env.DB), c.get("store").id, c.req.valid("param").id);
    if (!sequence) throw notFound("sequence");
    return c.json(sequence, 200);
  })
  .openapi(stop, async (c) => c.json(found(await (await sequenceStub(c, c.req.valid("param").id)).stop(c.req.valid("json").reason)), 200))
  .openapi(command("pause", "Pause the schedule"), async (c) => c.json(found(await (await sequenceStub(c, c.req.valid("param").id)).pause()), 200))
  .openapi(command("resume", "Resume the schedule; steps that fell due while paused run now"), async (c) =>
    c.json(found(await (await sequenceStub(c, c.req.valid("param").id)).resume()), 200),
  );
