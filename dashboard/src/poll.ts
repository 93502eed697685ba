import { createSignal, onCleanup } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { ApiError } from "./api";
import { liveState, onLiveChange } from "./live";

export const LIVE_INTERVAL_MS = 5000;
/** While the live channel is connected, polling is only a safety net for a lost notice. */
const CONNECTED_INTERVAL_MS = 60_000;

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
 * DOM (and keyboard focus) alone. Loads now, on every live change notice (./live), and every
 * `intervalMs` while the tab is visible and the live channel is not connected (every minute when
 * it is). Keeps showing the last good data while a refresh is in flight or fails, and never
 * overlaps requests: a notice during a load loads once more after it.
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
  let again = false;
  let loadedAt = 0;

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
    loadedAt = Date.now();
    inFlight = run().finally(() => {
      inFlight = null;
      if (again) {
        again = false;
        void refresh();
      }
    });
    return inFlight;
  }

  function tick(): void {
    const every = liveState() === "connected" ? CONNECTED_INTERVAL_MS : intervalMs;
    if (!inFlight && document.visibilityState !== "hidden" && Date.now() - loadedAt >= every - intervalMs / 2) void refresh();
  }

  function changed(): void {
    if (inFlight) again = true;
    else void refresh();
  }

  void refresh();
  const timer = setInterval(tick, intervalMs);
  const stopListening = onLiveChange(changed);
  onCleanup(() => {
    clearInterval(timer);
    stopListening();
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
