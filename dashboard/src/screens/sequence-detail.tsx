import { createSignal, For, Show } from "solid-js";
import { api, ApiError } from "../api";
import { LiveIndicator } from "../components/live-indicator";
import { Loading } from "../components/loading";
import { ProblemNotice } from "../components/problem-notice";
import { StatusBadge } from "../components/status-badge";
import { formatDateTime, formatMoney, humanize, webUrl } from "../format";
import { createPoll } from "../poll";
import { href } from "../router";
import type { Sequence, SequenceDetail as Detail, SequenceStatus, TimelineEntry } from "../types";
import { Card } from "../components/card";
import { StepMarkIcon } from "../components/step-dots";
import { TableScroll } from "../components/table-scroll";

type Action = "pause" | "resume" | "stop";

/** The merchant's commands, in the order their buttons appear, and the statuses each applies to. */
const ACTIONS: Record<Action, { send: (id: string, reason: string) => Promise<Sequence>; label: string; busy: string; when: SequenceStatus[]; danger?: true }> = {
  pause: { send: api.pauseSequence, label: "Pause", busy: "Pausing…", when: ["active"] },
  resume: { send: api.resumeSequence, label: "Resume", busy: "Resuming…", when: ["paused"] },
  stop: { send: api.stopSequence, label: "Stop", busy: "Stopping…", when: ["active", "paused"], danger: true },
};

function describeDetail(detail: unknown): string {
  if (detail === undefined || detail === null) return "";
  if (typeof detail === "string") return detail;
  if (typeof detail === "object") {
    return Object.entries(detail as Record<string, unknown>)
      .map(([key, value]) => `${humanize(key)}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
      .join(" · ");
  }
  return String(detail);
}

function Timeline(props: { entries: TimelineEntry[] }) {
  return (
    <Show when={props.entries.length > 0} fallback={<p class="empty">Nothing has happened yet.</p>}>
      <ol class="timeline">
        <For each={props.entries}>
          {(entry) => (
            <li class="timeline-item" data-testid="timeline-item" data-type={entry.type}>
              <time class="timeline-time" datetime={String(entry.at)}>
                {formatDateTime(entry.at, true)}
              </time>
              <div class="timeline-body">
                <span class="timeline-type">{humanize(entry.type)}</span>
                <Show when={entry.step}>
                  <code class="timeline-step">{entry.step}</code>
                </Show>
                <Show when={describeDetail(entry.detail)}>
                  <p class="timeline-detail">{describeDetail(entry.detail)}</p>
                </Show>
              </div>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}

function Cart(props: { cart: Detail["cart"] }) {
  return (
    <>
      <Show when={props.cart.items.length === 0}>
        <p class="empty">No items in this cart.</p>
      </Show>
      <ul class="cart-items">
        <For each={props.cart.items}>
          {(item) => (
            <li class="cart-item" data-testid="cart-item">
              <Show when={webUrl(item.image_url)} fallback={<span class="thumb" aria-hidden="true" />}>
                {(src) => <img class="thumb" src={src()} alt="" width="40" height="40" loading="lazy" />}
              </Show>
              <span class="cart-item-title">
                <Show when={webUrl(item.url)} fallback={item.title}>
                  {(href) => (
                    <a href={href()} target="_blank" rel="noopener noreferrer">
                      {item.title}
                    </a>
                  )}
                </Show>
                <span class="muted"> × {item.quantity}</span>
              </span>
              <span class="num">{formatMoney(Number(item.price) * item.quantity, props.cart.currency)}</span>
            </li>
          )}
        </For>
      </ul>
      <p class="cart-total">
        <span>Total</span>
        <strong data-testid="cart-total">{formatMoney(props.cart.total_price, props.cart.currency)}</strong>
      </p>
    </>
  );
}

/**
 * Scheduled steps the coordinator put off (quiet hours, daily limit, a pause): the API has no
 * `deferred` status, its timeline says it: the step's latest entry is `email_deferred`.
 */
export function deferredSteps(sequence: Detail): Set<string> {
  const latest = new Map<string, TimelineEntry["type"]>();
  for (const entry of sequence.timeline ?? []) if (entry.step) latest.set(entry.step, entry.type);
  return new Set(sequence.steps.filter((step) => step.status === "scheduled" && latest.get(step.id) === "email_deferred").map((step) => step.id));
}

function Steps(props: { sequence: Detail }) {
  const deferred = () => deferredSteps(props.sequence);
  return (
    <TableScroll label="Steps">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Status</th>
            <th scope="col">Scheduled</th>
            <th scope="col">Executed</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.sequence.steps}>
            {(step) => (
              <tr data-testid="step-row" classList={{ "row-current": step.id === props.sequence.current_step }}>
                <th scope="row">
                  <code>{step.id}</code> <span class="muted">{step.channel}</span>
                </th>
                <td class="nowrap">
                  <StepMarkIcon step={step} mark={deferred().has(step.id) ? "deferred" : step.status} />{" "}
                  <StatusBadge status={deferred().has(step.id) ? "deferred" : step.status} testId="step-status" />
                </td>
                <td>{formatDateTime(step.scheduled_at)}</td>
                <td>{formatDateTime(step.executed_at)}</td>
                <td class="cell-prose">{step.reason ? humanize(step.reason) : "—"}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Stopping is for good, so it asks why; the reason lands on the timeline and in `stopped_reason`. */
function StopForm(props: { error?: string; busy: boolean; onStop: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = createSignal("");
  return (
    <form
      class="card toolbar"
      onSubmit={(event) => {
        event.preventDefault();
        props.onStop(reason().trim());
      }}
      data-testid="stop-form"
    >
      <label class="field field-inline">
        <span class="label">Why stop this sequence?</span>
        <input
          type="text"
          name="reason"
          maxLength={200}
          value={reason()}
          onInput={(event) => setReason(event.currentTarget.value)}
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={props.error ? "stop-reason-error" : undefined}
          ref={(input) => queueMicrotask(() => input.focus())}
          data-testid="stop-reason"
        />
        <Show when={props.error}>
          <span id="stop-reason-error" class="field-error">
            {props.error}
          </span>
        </Show>
      </label>
      <button type="submit" class="button button-danger" disabled={props.busy} data-testid="stop-confirm">
        {props.busy ? ACTIONS.stop.busy : "Stop for good"}
      </button>
      <button type="button" class="button button-ghost" onClick={() => props.onCancel()}>
        Cancel
      </button>
    </form>
  );
}

export function SequenceDetail(props: { id: string }) {
  const sequence = createPoll(() => api.sequence(props.id));
  const [pending, setPending] = createSignal<Action>();
  const [actionError, setActionError] = createSignal<ApiError>();
  const [askingStopReason, setAskingStopReason] = createSignal(false);
  const [reasonError, setReasonError] = createSignal<string>();

  async function run(action: Action, reason = "") {
    setPending(action);
    setActionError(undefined);
    setReasonError(undefined);
    try {
      const updated = await ACTIONS[action].send(props.id, reason);
      // Actions answer a Sequence without the timeline; keep the old one until the refresh.
      sequence.mutate((current) => ({ timeline: current?.timeline ?? [], ...updated }) as Detail);
      setAskingStopReason(false);
      void sequence.refresh();
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : new ApiError(0, { title: "Error", detail: String(caught) });
      const message = apiError.fieldErrors().reason;
      if (message) setReasonError(message);
      else setActionError(apiError);
    } finally {
      setPending(undefined);
    }
  }

  const status = () => sequence.data()?.status;

  return (
    <section aria-labelledby="sequence-title">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href={href.sequences}>Sequences</a> <span aria-hidden="true">/</span>
      </nav>
      <ProblemNotice error={sequence.error()} onRetry={sequence.refresh} />
      <Show when={sequence.data()} fallback={<Show when={!sequence.error()}><Loading what="sequence" /></Show>}>
        {(data) => (
          <>
            <header class="page-header">
              <div>
                <h1 id="sequence-title">
                  {data().cart.customer_email || "Anonymous shopper"}{" "}
                  <StatusBadge status={data().status} />
                </h1>
                <p class="muted">
                  {humanize(data().sequence_type)} · started {formatDateTime(data().started_at)}
                  <Show when={data().stopped_reason}> · stopped: {humanize(data().stopped_reason!)}</Show>
                  {" · "}
                  <code>{data().id}</code>
                </p>
              </div>
              <div class="actions">
                <LiveIndicator updatedAt={sequence.updatedAt()} error={sequence.error()} />
                <For each={Object.keys(ACTIONS) as Action[]}>
                  {(action) => (
                    <button
                      type="button"
                      class={ACTIONS[action].danger ? "button button-danger" : "button"}
                      onClick={() => (action === "stop" ? setAskingStopReason(true) : run(action))}
                      disabled={!ACTIONS[action].when.includes(status()!) || !!pending()}
                      data-testid={`${action}-button`}
                    >
                      {pending() === action ? ACTIONS[action].busy : ACTIONS[action].label}
                    </button>
                  )}
                </For>
              </div>
            </header>
            <Show when={askingStopReason() && ACTIONS.stop.when.includes(data().status)}>
              <StopForm error={reasonError()} busy={pending() === "stop"} onStop={(reason) => run("stop", reason)} onCancel={() => setAskingStopReason(false)} />
            </Show>
            <ProblemNotice error={actionError()} />

            <div class="grid-2">
              <Card id="cart" title="Cart">
                <Cart cart={data().cart} />
              </Card>
              <Card id="steps" title="Steps">
                <Steps sequence={data()} />
              </Card>
            </div>

            <Card id="timeline" title="Timeline">
              <Timeline entries={data().timeline ?? []} />
            </Card>
          </>
        )}
      </Show>
    </section>
  );
}
