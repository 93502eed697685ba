import { projectSequences, type SequenceProjection } from "../db/sequence-projection";
import { analyticsMessages } from "../domain/analytics-message";
import { liveNotices } from "../domain/live-notice";
import { storeLiveStub } from "../durable/client";
import type { ServiceContext } from "./context";

/** Objects per D1 batch: each is a handful of statements, and a batch is one transaction. */
const OBJECTS_PER_WRITE = 50;
/** Queues take at most 100 messages per sendBatch. */
const MESSAGES_PER_SEND = 100;

/**
 * Does for a queue delivery's cart objects what each would otherwise do after its own commit
 * (see CartSequence.handBack): their D1 projections in a few batches, their events to the
 * analytics fan-out in a few sends, one notice per store to its open dashboards. Throws when D1 or
 * the analytics queue fails: the caller retries its messages, and the objects hand the same
 * events back (fixed ids, so nothing counts twice). A failed dashboard notice only costs a poll.
 */
export async function projectHandedBack({ env, db }: Pick<ServiceContext, "env" | "db">, projections: SequenceProjection[]) {
  for (let i = 0; i < projections.length; i += OBJECTS_PER_WRITE) await projectSequences(db, projections.slice(i, i + OBJECTS_PER_WRITE));
  const messages = projections.flatMap(({ state }) => analyticsMessages(state));
  for (let i = 0; i < messages.length; i += MESSAGES_PER_SEND) {
    await env.ANALYTICS_QUEUE.sendBatch(messages.slice(i, i + MESSAGES_PER_SEND).map((body) => ({ body })));
  }
  const byStore = Map.groupBy(projections, ({ state }) => state.store_id);
  await Promise.all(
    [...byStore].map(async ([storeId, ofStore]) => {
      const notices = ofStore.flatMap(({ state }) => liveNotices(state.id, state.unprojected));
      if (notices.length === 0) return;
      await storeLiveStub(env, storeId)
        .notify(notices)
        .catch((error: unknown) => console.warn("live notice failed; dashboards will poll", storeId, error));
    }),
  );
}
