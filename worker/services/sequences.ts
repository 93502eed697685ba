import { listSequenceRows, listTimeline, findSequenceRow, type SequenceRow } from "../db/sequences";
import { AppError, notFound } from "../domain/errors";
import { isIdOf } from "../domain/ids";
import type { SequenceStatus } from "../domain/sequence";
import { toSequenceView, type SequenceView } from "../domain/sequence-view";
import { sequenceStub, type CartSequenceStub } from "../durable/client";
import type { StoreContext } from "./context";

const view = (row: SequenceRow) =>
  toSequenceView({
    id: row.id,
    status: row.status,
    sequence_type: row.sequenceType,
    steps: row.steps,
    cart: row.cart,
    started_at: row.startedAt,
    stopped_reason: row.stoppedReason,
  });

/** A page of sequences; the cursor is the last id of the previous page, so anything else is a malformed request (400). */
export async function listSequences({ db, store }: StoreContext, query: { status?: SequenceStatus; step?: string; email?: string; limit: number; cursor?: string }) {
  if (query.cursor !== undefined && !isIdOf("seq", query.cursor)) {
    throw new AppError("bad_request", "cursor: not a cursor this API gave out", [{ field: "cursor", message: "not a cursor this API gave out" }]);
  }
  const { rows, nextCursor } = await listSequenceRows(db, store.id, query);
  return { data: rows.map(view), next_cursor: nextCursor };
}

export async function getSequence({ db, store }: StoreContext, sequenceId: string) {
  const row = await findSequenceRow(db, store.id, sequenceId);
  if (!row) throw notFound("sequence");
  return { ...view(row), timeline: await listTimeline(db, row.id) };
}

/** Runs a command on the sequence's Durable Object; another store's id is a plain 404. */
async function command(ctx: StoreContext, sequenceId: string, run: (stub: CartSequenceStub) => Promise<SequenceView | null>) {
  const found = await sequenceStub(ctx.env, ctx.db, ctx.store.id, sequenceId);
  const result = found ? await run(found.stub) : null;
  if (!result) throw notFound("sequence");
  return result;
}

export const stopSequence = (ctx: StoreContext, input: { sequenceId: string; reason: string }) => command(ctx, input.sequenceId, (stub) => stub.stop(input.reason));
export const pauseSequence = (ctx: StoreContext, sequenceId: string) => command(ctx, sequenceId, (stub) => stub.pause());
export const resumeSequence = (ctx: StoreContext, sequenceId: string) => command(ctx, sequenceId, (stub) => stub.resume());
