import { createSignal } from "solid-js";

/**
 * The store's live channel (SPEC §5 `GET /api/v1/live`, Server-Sent Events) shared by every
 * auto-refreshing view. What the "Live" badge shows, truthfully:
 * - `connected`: the stream is open; a change reaches the page within a notice's round trip;
 * - `reconnecting`: the stream dropped (a deploy, a restart, the network) and EventSource is
 *   retrying by itself; views poll meanwhile;
 * - `polling`: the stream was refused or closed for good (e.g. a proxy that buffers); views poll
 *   and the channel is tried again after `RETRY_CLOSED_MS`.
 */
export type LiveState = "connected" | "reconnecting" | "polling";

export type LiveNotice = { type: string; sequence_id: string; at: string };

const RETRY_CLOSED_MS = 15_000;
/** Moving between screens drops the last listener for a moment; the stream stays open across it. */
const CLOSE_AFTER_MS = 5_000;

const [state, setState] = createSignal<LiveState>("polling");
export const liveState = state;

const listeners = new Set<(notice: LiveNotice | null) => void>();
let source: EventSource | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let closeTimer: ReturnType<typeof setTimeout> | undefined;

function connect() {
  retryTimer = undefined;
  source = new EventSource("/api/v1/live");
  source.onopen = () => {
    // A (re)connection may have missed notices: everyone reloads once (`null`).
    const wasConnected = state() === "connected";
    setState("connected");
    if (!wasConnected) for (const listener of listeners) listener(null);
  };
  source.onerror = () => {
    if (source?.readyState === EventSource.CLOSED) {
      source = null;
      setState("polling");
      retryTimer = setTimeout(connect, RETRY_CLOSED_MS);
    } else setState("reconnecting");
  };
  source.addEventListener("change", (event) => {
    let notice: LiveNotice;
    try {
      notice = JSON.parse((event as MessageEvent<string>).data) as LiveNotice;
    } catch {
      return;
    }
    for (const listener of listeners) listener(notice);
  });
}

/**
 * Calls `listener` on each change notice, and with `null` after the channel (re)connects. The
 * channel opens with the first listener and closes a little after the last leaves (sign-out).
 */
export function onLiveChange(listener: (notice: LiveNotice | null) => void): () => void {
  listeners.add(listener);
  clearTimeout(closeTimer);
  if (!source && retryTimer === undefined) connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) closeTimer = setTimeout(close, CLOSE_AFTER_MS);
  };
}

function close() {
  source?.close();
  source = null;
  clearTimeout(retryTimer);
  retryTimer = undefined;
  setState("polling");
}
