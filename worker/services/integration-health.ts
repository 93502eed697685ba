import { addDropped, findHealth, listHealth, saveFailure, saveSuccess } from "../db/integration-health";
import type { IntegrationName } from "../domain/catalogue";
import type { ServiceContext } from "./context";

/** Consecutive failures that open a store's circuit to an integration, and how long it stays open. */
const FAILURES_TO_OPEN = 5;
const OPEN_MS = 60_000;

/**
 * Whether calls to the integration are held back for this store: the circuit opened after
 * repeated failures and has not reached its probe time yet. After `open_until`, one call probes;
 * its success closes the circuit, its failure opens it again.
 */
export async function circuitIsOpen({ db }: Pick<ServiceContext, "db">, storeId: string, integration: IntegrationName, now = Date.now()): Promise<boolean> {
  const row = await findHealth(db, storeId, integration);
  return row?.openUntil != null && Date.parse(row.openUntil) > now;
}

export async function recordSuccess({ db }: Pick<ServiceContext, "db">, storeId: string, integration: IntegrationName, now = Date.now()) {
  await saveSuccess(db, storeId, integration, new Date(now).toISOString());
}

/** `message` is shown to the merchant: it must never hold a key (clients' messages never do). */
export async function recordFailure({ db }: Pick<ServiceContext, "db">, storeId: string, integration: IntegrationName, message: string, now = Date.now()) {
  await saveFailure(db, storeId, integration, {
    at: new Date(now).toISOString(),
    message: message.slice(0, 500),
    threshold: FAILURES_TO_OPEN,
    openUntil: new Date(now + OPEN_MS).toISOString(),
  });
}

/**
 * A failure no retry can fix, such as a refused key: the circuit opens at once, for `openMs`,
 * after which one call checks again (a successful connection test closes it sooner).
 */
export async function recordOperatorProblem({ db }: Pick<ServiceContext, "db">, storeId: string, integration: IntegrationName, message: string, openMs: number, now = Date.now()) {
  await saveFailure(db, storeId, integration, { at: new Date(now).toISOString(), message: message.slice(0, 500), threshold: 1, openUntil: new Date(now + openMs).toISOString() });
}

export async function recordDropped({ db }: Pick<ServiceContext, "db">, storeId: string, integration: IntegrationName, count: number) {
  if (count > 0) await addDropped(db, storeId, integration, count);
}

/** A success is written when it changes something: failures to clear, or a last success older than this. */
const SUCCESS_REFRESH_MS = 60_000;

/**
 * One call to an integration for a store, under its circuit breaker: `open` says not to call;
 * `succeeded` / `failed` record the outcome, writing D1 only when it changes what health shows.
 */
export async function integrationCall({ db }: Pick<ServiceContext, "db">, storeId: string, integration: IntegrationName, now = Date.now()) {
  const row = await findHealth(db, storeId, integration);
  const open = row?.openUntil != null && Date.parse(row.openUntil) > now;
  const fresh = row !== null && row.failures === 0 && row.lastSuccessAt !== null && now - Date.parse(row.lastSuccessAt) < SUCCESS_REFRESH_MS;
  return {
    open,
    openUntil: row?.openUntil ? Date.parse(row.openUntil) : null,
    lastError: row?.lastError ?? null,
    failures: row?.failures ?? 0,
    succeeded: async () => {
      if (!fresh) await recordSuccess({ db }, storeId, integration, now);
    },
    failed: (message: string) => recordFailure({ db }, storeId, integration, message, now),
  };
}

export async function healthOf({ db }: Pick<ServiceContext, "db">, storeId: string) {
  return listHealth(db, storeId);
}
