import { createSignal, onCleanup } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { ApiError } from "./api";

export const LIVE_INTERVAL_MS = 5000;

export interface Poll<T> {
  data: () => T | undefined;
  error: () => ApiError | undefined;
  loading: () => boolean;
  updatedAt: () => Date | undefined;
  refresh: () => Promise<void>;
  /** Replaces the data locally; answers of requests started earlier are then ignored. */
  mutate: (update: (current: T | undefined) => T | undefined) => void;
}

/**
 * Data lives in a store reconciled by `id`, so a refresh that changes nothing leaves the
 * DOM (and keyboard focus) alone. Loads now and then every `intervalMs` while the tab is visible. Keeps showing the last
 * good data while a refresh is in flight or fails, and never overlaps requests.
 */
export function createPoll<T>(load: () => Promise<T>, intervalMs = LIVE_INTERVAL_MS): Poll<T> {
  const [state, setState] = createStore<{ value?: T }>({});
  const data = () => state.value;
  const setData = (value: T | undefined) => setState("value", reconcile(value, { key: "id", merge: false }));
  const [error, setError] = createSignal<ApiError>();
  const [loading, setLoading] = createSignal(false);
  const [updatedAt, setUpdatedAt] = createSignal<Date>();
  let generation = 0;
  let inFlight: Promise<void> | null = null;

  async function run(): Promise<void> {
    const mine = ++generation;
    setLoading(true);
    try {
      const result = await load();
      if (mine !== generation) return;
      setData(result);
      setError(undefined);
      setUpdatedAt(new Date());
    } catch (caught) {
      if (mine !== generation) return;
      setError(caught instanceof ApiError ? caught : new ApiError(0, { title: "Error", detail: String(caught) }));
    } finally {
      if (mine === generation) setLoading(false);
    }
  }

  function refresh(): Promise<void> {
    inFlight = run().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function tick(): void {
    if (!inFlight && document.visibilityState !== "hidden") void refresh();
  }

  void refresh();
  const timer = setInterval(tick, intervalMs);
  onCleanup(() => {
    clearInterval(timer);
    generation++;
  });

  return {
    data,
    error,
    loading,
    updatedAt,
    refresh,
    mutate(update) {
      generation++;
      setLoading(false);
      setData(update(data()));
    },
  };
}
