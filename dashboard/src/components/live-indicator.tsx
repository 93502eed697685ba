import { Show } from "solid-js";
import type { ApiError } from "../api";
import { liveState, type LiveState } from "../live";

const time = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

const LABEL: Record<LiveState, string> = { connected: "Live", reconnecting: "Reconnecting", polling: "Polling" };
const TITLE: Record<LiveState, string> = {
  connected: "Changes appear as they happen",
  reconnecting: "The live connection dropped; reconnecting, and refreshing every few seconds meanwhile",
  polling: "No live connection; refreshing every few seconds",
};

/**
 * The page's freshness, truthfully: pushed (`Live`), reconnecting or polling (see ../live), or
 * `Offline` when the last refresh failed.
 */
export function LiveIndicator(props: { updatedAt: Date | undefined; error: ApiError | undefined }) {
  const state = () => liveState();
  return (
    <span
      class={`live live-${props.error ? "offline" : state()} ${props.error || state() !== "connected" ? "live-stale" : ""}`}
      aria-live="off"
      data-testid="live-indicator"
      data-state={props.error ? "offline" : state()}
      title={props.error ? "The last refresh failed" : TITLE[state()]}
    >
      <span class="live-dot" aria-hidden="true" />
      {props.error ? "Offline" : LABEL[state()]}
      <Show when={props.updatedAt}>{(at) => <span class="muted"> · updated {time.format(at())}</span>}</Show>
    </span>
  );
}
