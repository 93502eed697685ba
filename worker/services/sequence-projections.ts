import { projectSequences, type SequenceProjection } from "../db/sequence-projection";
import { analyticsMessages } from "../domain/analytics-message";
import { liveNotices } from "../domain/live-notice";
import { sequenceEffects } from "../durable/sequence-effects";
import type { ServiceContext } from "./context";

/** Objects per D1 batch: each is a handful of statements, and a batch is one transaction. */
const OBJECTS_PER_WRITE = 50;

/**
 * Does for a queue delivery's cart objects what each would otherwise do after its own commit
 * (see CartSequence.handBack), through the same effects: their D1 projections in a few batches,
 * their events to the analytics fan-out, one notice per store to its open dashboards. Throws when
 * D1 or the analytics queue fails: the caller retries its messages, and the objects hand the same
 * events back (fixed ids, so nothing counts twice). A failed dashboard notice only costs a poll.
 */
export async function projectHandedBack({ env, db }: Pick<ServiceContext, "env" | "db">, projections: SequenceProjection[]) {
  for (let i = 0; i < projections.length; i += OBJECTS_PER_WRITE) await projectSequences(db, projections.slice(i, i + OBJECTS_PER_WRITE));
  const effects = sequenceEffects(env);
  await effects.publishAnalytics(projections.flatMap(({ state }) => analyticsMessages(state)));
  const byStore = Map.groupBy(projections, ({ state }) => state.store_id);
  await Promise.all(
    [...byStore].map(([storeId, ofStore]) =>
      effects
        .notifyLive(storeId, ofStore.flatMap(({ state }) => liveNotices(state.id, state.unprojected)))
        .catch((error: unknown) => console.warn("live notice failed; dashboards will poll", storeId, error)),
    ),
  );
}
