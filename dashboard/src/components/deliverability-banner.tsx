import { createResource, Show } from "solid-js";
import { api } from "../api";
import { href, route } from "../router";
import type { DeliverabilityReport } from "../types";
import "./deliverability-banner.css";

/**
 * A short warning while the deliverability guard slows or pauses the store's email, linking to
 * the Deliverability page. Fetches the report itself, unless a page that already has it passes it
 * (so the banner and the page never disagree, for instance right after a resume).
 */
export function DeliverabilityBanner(props: { report?: DeliverabilityReport }) {
  // A page that passes `report` (even while its own load is under way) owns the data.
  const [fetched] = createResource(() => !("report" in props), () => api.deliverability());
  const report = () => props.report ?? (fetched.error ? undefined : fetched());
  const onItsPage = () => route().name === "deliverability";

  return (
    <Show when={report()?.state !== "healthy" && report()}>
      {(current) => (
        <div class={`notice deliverability-banner deliverability-banner-${current().state}`} role="status" data-testid="deliverability-banner" data-state={current().state}>
          <strong>{current().state === "paused" ? "Email sending is paused." : "Email sending is slowed to half pace."}</strong>
          <span>
            {current().state === "paused"
              ? "Bounces or spam complaints crossed your pause limit; recovery emails wait until you resume."
              : "Bounces or spam complaints crossed your slow-down limit."}
          </span>
          <Show when={!onItsPage()}>
            <a href={href.deliverability} data-testid="deliverability-banner-link">
              Review deliverability
            </a>
          </Show>
        </div>
      )}
    </Show>
  );
}
