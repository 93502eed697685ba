import { Show } from "solid-js";
import type { ApiError } from "../api";

const time = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });

/** "Live" marker for auto-refreshing views; turns grey when the last refresh failed. */
export function LiveIndicator(props: { updatedAt: Date | undefined; error: ApiError | undefined }) {
  return (
    <span class={`live ${props.error ? "live-stale" : ""}`} aria-live="off">
      <span class="live-dot" aria-hidden="true" />
      {props.error ? "Offline" : "Live"}
      <Show when={props.updatedAt}>{(at) => <span class="muted"> · updated {time.format(at())}</span>}</Show>
    </span>
  );
}
