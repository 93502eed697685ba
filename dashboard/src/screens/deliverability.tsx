import { createEffect, createSignal, For, on, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { api, ApiError } from "../api";
import { Card } from "../components/card";
import { DeliverabilityBanner } from "../components/deliverability-banner";
import { LiveIndicator } from "../components/live-indicator";
import { FieldErrorList, ProblemNotice } from "../components/problem-notice";
import { formatPercent, RateChart, type RatePoint } from "../components/rate-chart";
import { formatCount, formatDateTime, formatRelative } from "../format";
import { createPoll } from "../poll";
import type { DeliverabilityHour, DeliverabilityPolicy, DeliverabilityReport } from "../types";
import "./deliverability.css";

const asApiError = (caught: unknown) => (caught instanceof ApiError ? caught : new ApiError(0, { title: "Error", detail: String(caught) }));

const HOUR_MS = 3_600_000;
const BUCKET_HOURS = 6;
const WEEK_BUCKETS = (7 * 24) / BUCKET_HOURS;

type Bucket = { start: Date; label: string; delivered: number; bounced: number; complained: number; bounceRate: number | null; complaintRate: number | null };

const bucketLabel = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "numeric" });

/**
 * The week in 6-hour stretches (UTC-aligned, as the Worker's hourly rollups are), oldest first,
 * each with its rates counted as the guard counts them: bounces over known fates, complaints over
 * deliveries. A stretch without deliveries has no rate rather than a misleading 0 %.
 */
export function sixHourBuckets(hours: DeliverabilityHour[], now: number): Bucket[] {
  const size = BUCKET_HOURS * HOUR_MS;
  const last = Math.floor(now / size) * size;
  const first = last - (WEEK_BUCKETS - 1) * size;
  const buckets = Array.from({ length: WEEK_BUCKETS }, (_, index) => ({ delivered: 0, bounced: 0, complained: 0, start: new Date(first + index * size) }));
  for (const hour of hours) {
    const index = Math.floor((Date.parse(`${hour.hour}:00:00Z`) - first) / size);
    const bucket = buckets[index];
    if (!bucket) continue;
    bucket.delivered += hour.delivered;
    bucket.bounced += hour.bounced;
    bucket.complained += hour.complained;
  }
  return buckets.map((bucket) => ({
    ...bucket,
    label: bucketLabel.format(bucket.start),
    bounceRate: bucket.delivered + bucket.bounced === 0 ? null : bucket.bounced / (bucket.delivered + bucket.bounced),
    complaintRate: bucket.delivered === 0 ? null : bucket.complained / bucket.delivered,
  }));
}

const LIMIT_NAMES = { slowed: "slow-down limit", paused: "limit" } as const;

/**
 * The guard's reason in a merchant's words, with the limit it crossed:
 * "Sending paused: complaint rate 0.41 % over 24 h (limit 0.30 %)".
 */
export function describeState(report: Pick<DeliverabilityReport, "state" | "reason" | "policy">): string {
  if (report.state === "healthy") return "Sending normally: bounce and complaint rates are within your limits.";
  const headline = report.state === "paused" ? "Sending paused" : "Sending slowed to half pace";
  const found = /(complaint|bounce) rate ([\d.]+ %) over (24 h|7 days)/.exec(report.reason ?? "");
  if (!found) return `${headline}${report.reason ? `: ${report.reason.replace(/^Deliverability guard:\s*/, "")}` : ""}`;
  const [what, metric] = found as unknown as [string, "complaint" | "bounce"];
  const limit = report.policy[`${metric}_rate_${report.state === "paused" ? "pause" : "slow"}`];
  const shared = /on the shared sender/.test(report.reason ?? "") ? " on the shared default sender, and this store contributes to it" : "";
  return `${headline}: ${what}${shared} (${LIMIT_NAMES[report.state]} ${formatPercent(limit)})`;
}

function StateCard(props: { report: DeliverabilityReport; onResumed: (report: DeliverabilityReport) => void }) {
  const [confirming, setConfirming] = createSignal(false);
  const [resuming, setResuming] = createSignal(false);
  const [error, setError] = createSignal<ApiError>();
  let dialog: HTMLDialogElement | undefined;
  let opener: HTMLButtonElement | undefined;
  let statusLine: HTMLParagraphElement | undefined;

  const open = () => {
    setError(undefined);
    setConfirming(true);
    dialog?.showModal();
  };
  const close = () => {
    dialog?.close();
  };
  async function resume() {
    setResuming(true);
    setError(undefined);
    try {
      props.onResumed(await api.resumeSending());
      close();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setResuming(false);
    }
  }

  return (
    <Card id="deliverability-state" title="Sending status" testId="deliverability-state">
      <p
        ref={statusLine}
        tabindex="-1"
        class={`deliverability-status deliverability-${props.report.state}`}
        data-testid="deliverability-status"
        data-state={props.report.state}
      >
        <strong>{describeState(props.report)}</strong>
      </p>
      <Show when={props.report.since}>
        {(since) => (
          <p class="muted" data-testid="deliverability-since">
            {props.report.state === "healthy" ? "Healthy" : props.report.state === "paused" ? "Paused" : "Slowed"} since{" "}
            <time datetime={since()} title={formatDateTime(since(), true)}>
              {formatDateTime(since())} ({formatRelative(since())})
            </time>
            .
          </p>
        )}
      </Show>
      <Show when={props.report.state === "paused"}>
        <p class="muted">Email steps wait with this reason on their timelines until you resume sending or the rates fall back below the limits.</p>
      </Show>
      <Show when={props.report.state === "slowed"}>
        <p class="muted">Emails still go out, at half the usual pace, so mailbox providers see fewer messages while the rates recover.</p>
      </Show>
      <Show when={props.report.resumed_at}>
        {(at) => (
          <p class="muted" data-testid="deliverability-resumed">
            You last resumed sending {formatDateTime(at())}; the guard judges only what happened after that.
          </p>
        )}
      </Show>
      <Show when={props.report.state !== "healthy"}>
        <button type="button" class="button button-primary" ref={opener} onClick={open} data-testid="deliverability-resume">
          Resume sending
        </button>
      </Show>
      <dialog
        ref={dialog}
        class="deliverability-dialog"
        aria-labelledby="deliverability-confirm-title"
        aria-describedby="deliverability-confirm-text"
        onClose={() => {
          setConfirming(false);
          // After a resume the button is gone: focus goes to the new state instead.
          if (opener?.isConnected) opener.focus();
          else statusLine?.focus();
        }}
        data-testid="deliverability-confirm"
      >
        <Show when={confirming()}>
          <h2 id="deliverability-confirm-title">Resume sending?</h2>
          <p id="deliverability-confirm-text">
            Waiting emails go out again within about 15 minutes. The guard forgets the rates so far and judges only what happens from now on: if the same
            problem shows again once at least {formatCount(props.report.policy.min_sample)} new emails are delivered, sending is slowed or paused again. Clean your list
            first if the cause was a stale or bought list.
          </p>
          <ProblemNotice error={error()} />
          <div class="form-actions">
            <button type="button" class="button button-primary" onClick={resume} disabled={resuming()} data-testid="deliverability-resume-confirm">
              {resuming() ? "Resuming…" : "Yes, resume sending"}
            </button>
            <button type="button" class="button" onClick={close} data-testid="deliverability-resume-cancel">
              Cancel
            </button>
          </div>
        </Show>
      </dialog>
      <Show when={props.report.warm_up}>
        {(warmUp) => (
          <p data-testid="deliverability-warm-up">
            Warming up <strong>{warmUp().domain}</strong>: up to {formatCount(warmUp().daily_cap)} emails today. A new sending domain starts small and is allowed
            more each day while its rates stay healthy; emails over today's cap go out tomorrow.
          </p>
        )}
      </Show>
    </Card>
  );
}

/** The columns both tables share: the counts and their rates (null: nothing to count a rate over). */
type Counted = { delivered: number; bounced: number; complained: number; bounceRate: number | null; complaintRate: number | null };
const COUNT_HEADINGS = ["Delivered", "Bounced", "Bounce rate", "Complaints", "Complaint rate"];
const rateText = (rate: number | null) => (rate === null ? "–" : formatPercent(rate));

function CountHeadings() {
  return (
    <For each={COUNT_HEADINGS}>
      {(heading) => (
        <th scope="col" class="num">
          {heading}
        </th>
      )}
    </For>
  );
}

function CountCells(props: { counted: Counted; testId?: string }) {
  return (
    <>
      <td class="num">{formatCount(props.counted.delivered)}</td>
      <td class="num">{formatCount(props.counted.bounced)}</td>
      <td class="num" data-testid={props.testId && `${props.testId}-bounce-rate`}>
        {rateText(props.counted.bounceRate)}
      </td>
      <td class="num">{formatCount(props.counted.complained)}</td>
      <td class="num" data-testid={props.testId && `${props.testId}-complaint-rate`}>
        {rateText(props.counted.complaintRate)}
      </td>
    </>
  );
}

function RatesTable(props: { report: DeliverabilityReport }) {
  const row = (label: string, testId: string, rates: DeliverabilityReport["last_7_days"]) => (
    <tr data-testid={testId}>
      <th scope="row">{label}</th>
      <td class="num">{formatCount(rates.sent)}</td>
      <CountCells counted={{ ...rates, bounceRate: rates.bounce_rate, complaintRate: rates.complaint_rate }} testId={testId} />
    </tr>
  );
  return (
    // Focusable, so a keyboard can scroll it when it is wider than a phone.
    <div class="table-wrap" tabindex="0" role="region" aria-label="Rates over 24 hours and 7 days">
      <table class="table" data-testid="deliverability-rates">
        <caption class="muted">
          Bounce rate: permanent bounces over emails whose fate is known. Complaint rate: spam reports over delivered emails.
          <Show when={props.report.resumed_at}>{(at) => ` Counted from the hour after you resumed sending (${formatDateTime(at())}).`}</Show>
        </caption>
        <thead>
          <tr>
            <th scope="col">Window</th>
            <th scope="col" class="num">Sent</th>
            <CountHeadings />
          </tr>
        </thead>
        <tbody>
          {row("Last 24 hours", "deliverability-24h", props.report)}
          {row("Last 7 days", "deliverability-7d", props.report.last_7_days)}
        </tbody>
      </table>
    </div>
  );
}

function TrendCard(props: { report: DeliverabilityReport }) {
  const buckets = () => sixHourBuckets(props.report.hours, Date.now());
  const points = (rate: (bucket: Bucket) => number | null): RatePoint[] => buckets().map((bucket) => ({ label: bucket.label, rate: rate(bucket) }));
  const withEvents = () => buckets().filter((bucket) => bucket.delivered + bucket.bounced + bucket.complained > 0);
  const policy = () => props.report.policy;
  return (
    <Card id="deliverability-trend" title="The last 7 days, in 6-hour stretches" testId="deliverability-trend">
      <div class="deliverability-charts">
        <RateChart id="complaint" title="Complaint rate" points={points((b) => b.complaintRate)} slow={policy().complaint_rate_slow} pause={policy().complaint_rate_pause} />
        <RateChart id="bounce" title="Bounce rate" points={points((b) => b.bounceRate)} slow={policy().bounce_rate_slow} pause={policy().bounce_rate_pause} />
      </div>
      <details class="deliverability-details">
        <summary>The same as a table</summary>
        <div class="table-wrap" tabindex="0" role="region" aria-label="The last 7 days in 6-hour stretches">
          <table class="table" data-testid="deliverability-buckets">
            <thead>
              <tr>
                <th scope="col">6 hours from</th>
                <CountHeadings />
              </tr>
            </thead>
            <tbody>
              <For each={withEvents()}>
                {(bucket) => (
                  <tr data-testid="deliverability-bucket">
                    <th scope="row">
                      <time datetime={bucket.start.toISOString()}>{bucket.label}</time>
                    </th>
                    <CountCells counted={bucket} />
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </Card>
  );
}

type PolicyForm = Record<keyof DeliverabilityPolicy, string>;
const RATE_FIELDS = [
  { name: "complaint_rate_slow", label: "Complaint rate: slow down at (%)", hint: "Gmail and Yahoo ask bulk senders to stay below 0.10 %." },
  { name: "complaint_rate_pause", label: "Complaint rate: pause at (%)", hint: "Gmail and Yahoo start rejecting mail at 0.30 %." },
  { name: "bounce_rate_slow", label: "Bounce rate: slow down at (%)", hint: "A healthy list bounces below 2 %." },
  { name: "bounce_rate_pause", label: "Bounce rate: pause at (%)", hint: "Above 5 % mailbox providers see a stale or bought list." },
] as const;

/** A fraction as a percent to type, without float noise (0.003 → "0.3"). */
const toPercentText = (rate: number) => String(Number((rate * 100).toFixed(4)));
const policyForm = (policy: DeliverabilityPolicy): PolicyForm => ({
  complaint_rate_slow: toPercentText(policy.complaint_rate_slow),
  complaint_rate_pause: toPercentText(policy.complaint_rate_pause),
  bounce_rate_slow: toPercentText(policy.bounce_rate_slow),
  bounce_rate_pause: toPercentText(policy.bounce_rate_pause),
  min_sample: String(policy.min_sample),
});

/** What was typed, as the API takes it; an empty or unreadable field is sent as null so the API names it. */
const fromPercentText = (text: string) => (text.trim() === "" || Number.isNaN(Number(text)) ? null : Number((Number(text) / 100).toFixed(8)));
const fromCountText = (text: string) => (text.trim() === "" || Number.isNaN(Number(text)) ? null : Number(text));

function PolicyCard(props: { policy: DeliverabilityPolicy; onSaved: () => void }) {
  const [form, setForm] = createStore<PolicyForm>(policyForm(props.policy));
  const [saving, setSaving] = createSignal(false);
  const [error, setError] = createSignal<ApiError>();
  const [message, setMessage] = createSignal<string>();
  // The form follows the saved policy until the merchant starts typing.
  const [dirty, setDirty] = createSignal(false);
  createEffect(on(() => JSON.stringify(props.policy), () => !dirty() && setForm(policyForm(props.policy)), { defer: true }));

  const errors = () => {
    const byField: Record<string, string> = {};
    for (const { field, message } of error()?.problem.errors ?? []) if (field.startsWith("deliverability.")) byField[field.slice(15).split(".")[0]!] ??= message;
    return byField;
  };
  const shown = [...RATE_FIELDS.map((field) => field.name), "min_sample"];
  const others = () => (error()?.problem.errors ?? []).filter(({ field }) => !shown.some((name) => field === `deliverability.${name}`));
  const edit = (name: keyof PolicyForm, value: string) => {
    setDirty(true);
    setMessage(undefined);
    setForm(name, value);
  };

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setMessage(undefined);
    const deliverability = {
      complaint_rate_slow: fromPercentText(form.complaint_rate_slow),
      complaint_rate_pause: fromPercentText(form.complaint_rate_pause),
      bounce_rate_slow: fromPercentText(form.bounce_rate_slow),
      bounce_rate_pause: fromPercentText(form.bounce_rate_pause),
      min_sample: fromCountText(form.min_sample),
    } as DeliverabilityPolicy;
    try {
      await api.updateSettings({ deliverability });
      setDirty(false);
      setMessage("Saved. The guard applies the new limits from its next look.");
      props.onSaved();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setSaving(false);
    }
  }

  const field = (name: keyof PolicyForm, label: string, hint: string, input: { step: string; min: string; max?: string; inputmode: "decimal" | "numeric" }) => {
    const id = `deliverability-${name.replaceAll("_", "-")}`;
    return (
      <div class="field">
        <label class="label" for={id}>
          {label}
        </label>
        <input
          id={id}
          type="number"
          step={input.step}
          min={input.min}
          max={input.max}
          inputmode={input.inputmode}
          value={form[name]}
          onInput={(event) => edit(name, event.currentTarget.value)}
          aria-invalid={errors()[name] ? "true" : undefined}
          aria-describedby={`${id}-hint${errors()[name] ? ` ${id}-error` : ""}`}
          data-testid={id}
        />
        <span id={`${id}-hint`} class="muted deliverability-hint">
          {hint}
        </span>
        <Show when={errors()[name]}>
          <span id={`${id}-error`} class="field-error" data-testid={`${id}-error`}>
            {errors()[name]}
          </span>
        </Show>
      </div>
    );
  };

  return (
    <Card id="deliverability-policy" title="Limits" testId="deliverability-policy">
      <p class="muted">
        Above a slow-down limit Reva sends this store's email at half pace; above a pause limit it holds email until you resume. Nothing is decided before
        the minimum number of deliveries.
      </p>
      <form onSubmit={submit} novalidate data-testid="deliverability-policy-form">
        <Show when={error()}>
          {(failure) => (
            <div class="notice notice-error" role="alert" data-testid="error">
              <strong>{failure().problem.title}</strong>
              <Show when={failure().problem.detail}>
                <span>— {failure().problem.detail}</span>
              </Show>
              <Show when={others().length > 0}>
                <FieldErrorList errors={others()} />
              </Show>
            </div>
          )}
        </Show>
        <div class="form-grid">
          <For each={RATE_FIELDS}>{(rate) => field(rate.name, rate.label, rate.hint, { step: "0.01", min: "0", max: "100", inputmode: "decimal" })}</For>
          {field("min_sample", "Minimum deliveries before judging", "Fewer deliveries than this would swing the rates on a handful of events.", {
            step: "1",
            min: "1",
            inputmode: "numeric",
          })}
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={saving()} data-testid="deliverability-policy-save">
            {saving() ? "Saving…" : "Save limits"}
          </button>
          <span role="status" class="muted" data-testid="deliverability-policy-message">
            {message()}
          </span>
        </div>
      </form>
    </Card>
  );
}

/** The deliverability guard, for the merchant: where sending stands and why, the rates over time against the limits, the limits themselves. */
export function Deliverability() {
  const report = createPoll<DeliverabilityReport>(api.deliverability);
  const refresh = () => void report.refresh();
  // The windows count only from a resume, the hours the whole week: either having something means emails were sent.
  const noEmails = (current: DeliverabilityReport) => current.hours.length === 0 && current.last_7_days.sent + current.last_7_days.delivered + current.last_7_days.bounced === 0;

  return (
    <section aria-labelledby="deliverability-title" class="deliverability">
      <header class="page-header">
        <h1 id="deliverability-title">Deliverability</h1>
        <LiveIndicator updatedAt={report.updatedAt()} error={report.error()} />
      </header>
      <DeliverabilityBanner report={report.data()} />
      <ProblemNotice error={report.error()} onRetry={refresh} />
      <Show when={report.data()} fallback={<Show when={!report.error()}><p class="muted" data-testid="deliverability-loading">Loading deliverability…</p></Show>}>
        {(current) => (
          <>
            <StateCard report={current()} onResumed={(resumed) => report.mutate(() => resumed)} />
            <Card id="deliverability-rates" title="Bounces and complaints" testId="deliverability-rates-card">
              <Show when={!noEmails(current())} fallback={<p class="empty" data-testid="deliverability-empty">No emails delivered yet. The rates and their trend show here once Resend reports deliveries.</p>}>
                <RatesTable report={current()} />
              </Show>
            </Card>
            <Show when={!noEmails(current())}>
              <TrendCard report={current()} />
            </Show>
            <PolicyCard policy={current().policy} onSaved={refresh} />
          </>
        )}
      </Show>
    </section>
  );
}
