import { createEffect, createResource, createSignal, For, on, Show } from "solid-js";
import { api } from "../api";
import { type DateRange, DateRangeControl, presetRange } from "../components/date-range";
import { DeliverabilityBanner } from "../components/deliverability-banner";
import { TrendChart } from "../components/trend-chart";
import { LiveIndicator } from "../components/live-indicator";
import { Loading } from "../components/loading";
import { ProblemNotice } from "../components/problem-notice";
import { SequenceTable } from "../components/sequence-table";
import { formatCount, formatMoney, formatRate, humanize } from "../format";
import { createPoll } from "../poll";
import { href } from "../router";
import type { Analytics } from "../types";
import { Card } from "../components/card";
import { TableScroll } from "../components/table-scroll";

const RECENT_SEQUENCES = 8;

function StatCard(props: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div class="card stat">
      <span class="stat-label">{props.label}</span>
      <span class="stat-value" data-testid={props.testId}>
        {props.value}
      </span>
      <Show when={props.hint}>
        <span class="stat-hint">{props.hint}</span>
      </Show>
    </div>
  );
}

function Funnel(props: { stages: Analytics["funnel"] }) {
  const max = () => Math.max(1, ...props.stages.map((stage) => stage.count));
  return (
    <Show when={props.stages.some((stage) => stage.count > 0)} fallback={<p class="empty">No carts yet.</p>}>
      <ol class="funnel" data-testid="funnel">
        <For each={props.stages}>
          {(stage, index) => (
            <li class="funnel-row">
              <span class="funnel-label">{humanize(stage.stage)}</span>
              <span class="funnel-track" aria-hidden="true">
                <span class="funnel-bar" style={{ width: `${(stage.count / max()) * 100}%` }} />
              </span>
              <span class="funnel-count num">{formatCount(stage.count)}</span>
              <span class="funnel-rate num muted" data-testid="funnel-rate">
                {index() === 0 ? "" : `${formatRatio(stage.count, props.stages[index() - 1]!.count)} of previous`}
              </span>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}

/** A share of a base count; "–" when the base is zero rather than a misleading 0 %. */
const formatRatio = (count: number, base: number) => (base === 0 ? "–" : formatRate(count / base));

/** Each count with its rate against the count it follows from (`rates[name]` names that base). */
function CountList<T extends Record<string, number>>(props: { counts: T; rates: Partial<Record<keyof T, keyof T>>; testId: string }) {
  return (
    <dl class="count-list" data-testid={props.testId}>
      <For each={Object.entries(props.counts)}>
        {([name, count]) => {
          const base = () => props.rates[name as keyof T];
          return (
            <div>
              <dt>{humanize(name)}</dt>
              <dd class="num" data-testid={`${props.testId}-${name}`}>
                {formatCount(count)}
                <Show when={base()}>
                  {(of) => (
                    <span class="muted rate">
                      {" "}
                      {formatRatio(count, props.counts[of()] as number)} of {humanize(String(of()))}
                    </span>
                  )}
                </Show>
              </dd>
            </div>
          );
        }}
      </For>
    </dl>
  );
}

const EMAIL_RATES = { delivered: "sent", opened: "delivered", clicked: "delivered", bounced: "sent", complained: "delivered", unsubscribed: "delivered" } as const;
const POPUP_RATES = { clicked: "shown", dismissed: "shown" } as const;

function ByStepTable(props: { rows: Analytics["by_step"] }) {
  return (
    <Show when={props.rows.some((row) => row.sent > 0)} fallback={<p class="empty">No steps have run yet.</p>}>
      <TableScroll label="By step">
        <table class="table" data-testid="by-step">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col" class="num">Sent</th>
              <th scope="col" class="num">Opened</th>
              <th scope="col" class="num">Clicked</th>
              <th scope="col" class="num">Recovered</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row) => (
                <tr>
                  <th scope="row">
                    <code>{row.step}</code>
                  </th>
                  <td class="num">{formatCount(row.sent)}</td>
                  <td class="num">{formatCount(row.opened)}</td>
                  <td class="num">{formatCount(row.clicked)}</td>
                  <td class="num">{formatCount(row.recovered)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </TableScroll>
    </Show>
  );
}

export function Overview() {
  const [range, setRange] = createSignal<DateRange>(presetRange("30"));
  const analytics = createPoll(() => api.analytics({ from: range().from, to: range().to }));
  createEffect(on(range, () => void analytics.refresh(), { defer: true }));
  const [settings] = createResource(() => api.settings());
  const attributionHint = () => {
    const days = settings()?.attribution_window_days;
    return days ? `Orders within ${days} day${days === 1 ? "" : "s"} of a recovery touch` : undefined;
  };
  const recent = createPoll(() => api.sequences({ limit: RECENT_SEQUENCES }));

  return (
    <section aria-labelledby="overview-title">
      <header class="page-header">
        <h1 id="overview-title">Overview</h1>
        <LiveIndicator updatedAt={analytics.updatedAt()} error={analytics.error()} />
      </header>
      <DeliverabilityBanner />
      <DateRangeControl value={range()} onChange={setRange} />
      <ProblemNotice error={analytics.error()} onRetry={analytics.refresh} />
      <Show when={analytics.data()} fallback={<Show when={!analytics.error()}><Loading what="analytics" /></Show>}>
        {(data) => (
          <>
            <Show when={data().total_sequences === 0}>
              <p class="notice notice-info" data-testid="overview-empty">
                No abandoned carts in this range. Carts appear here as your storefront sends them.
              </p>
            </Show>
            <div class="stats">
              <StatCard
                label="Recovered revenue"
                value={formatMoney(data().recovered_revenue, data().currency)}
                hint={attributionHint()}
                testId="stat-recovered-revenue"
              />
              <StatCard
                label="Recovery rate"
                value={formatRate(data().recovery_rate)}
                hint={`${formatCount(data().recovered_sequences)} of ${formatCount(data().total_sequences)} carts`}
                testId="stat-recovery-rate"
              />
              <StatCard label="Active sequences" value={formatCount(data().active_sequences)} testId="stat-active-sequences" />
              <StatCard
                label="Recovered carts"
                value={formatCount(data().recovered_sequences)}
                testId="stat-recovered-sequences"
              />
              <StatCard label="Total sequences" value={formatCount(data().total_sequences)} testId="stat-total-sequences" />
            </div>

            <Card id="trend" title="Daily trend">
              <TrendChart days={data().daily ?? []} currency={data().currency} />
            </Card>

            <div class="grid-3">
              <Card id="funnel" title="Funnel">
                <Funnel stages={data().funnel} />
              </Card>
              <Card id="emails" title="Emails">
                <CountList counts={data().emails} rates={EMAIL_RATES} testId="email-counts" />
              </Card>
              <Card id="popup" title="On-site popup">
                <CountList counts={{ shown: data().popup.shown, clicked: data().popup.clicked, dismissed: data().popup.dismissed }} rates={POPUP_RATES} testId="popup-counts" />
              </Card>
            </div>

            <Card id="by-step" title="By step">
              <ByStepTable rows={data().by_step} />
            </Card>
          </>
        )}
      </Show>

      <section class="card" aria-labelledby="recent-title">
        <header class="card-header">
          <h2 id="recent-title">Recent sequences</h2>
          <a href={href.sequences}>View all</a>
        </header>
        <ProblemNotice error={recent.error()} onRetry={recent.refresh} />
        <Show when={recent.data()} fallback={<Show when={!recent.error()}><Loading what="recent sequences" /></Show>}>
          {(page) => <SequenceTable sequences={page().data} emptyText="No abandoned carts yet." />}
        </Show>
      </section>
    </section>
  );
}
