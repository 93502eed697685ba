import { For, Show } from "solid-js";
import { formatCount, formatMoney } from "../format";
import type { Analytics } from "../types";

type Day = NonNullable<Analytics["daily"]>[number];

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 10, right: 8, bottom: 22, left: 8 };

/**
 * Plain SVG (no chart library, to stay inside the dashboard's size budget): per day a pair of bars,
 * abandoned and recovered carts, and a line for recovered revenue on its own scale.
 */
export function TrendChart(props: { days: Day[]; currency: string }) {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = () => plotWidth / Math.max(1, props.days.length);
  const maxCarts = () => Math.max(1, ...props.days.map((day) => day.abandoned));
  const maxRevenue = () => Math.max(0.01, ...props.days.map((day) => day.revenue));
  const barHeight = (count: number) => (count / maxCarts()) * plotHeight;
  const bar = (kind: string, left: number, count: number) => (
    <rect class={kind} x={left} width={slot() * 0.4} y={PAD.top + plotHeight - barHeight(count)} height={barHeight(count)} />
  );
  const x = (index: number) => PAD.left + index * slot();
  const revenueY = (revenue: number) => PAD.top + plotHeight - (Math.max(0, revenue) / maxRevenue()) * plotHeight;
  const revenueLine = () =>
    props.days.map((day, index) => `${(x(index) + slot() / 2).toFixed(1)},${revenueY(day.revenue).toFixed(1)}`).join(" ");
  const describe = (day: Day) =>
    `${day.date}: ${formatCount(day.abandoned)} abandoned, ${formatCount(day.recovered)} recovered, ${formatMoney(day.revenue, props.currency)}`;

  return (
    <Show when={props.days.length > 0} fallback={<p class="empty">No days in this range.</p>}>
      <figure class="trend">
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="trend-caption" data-testid="trend-chart" class="trend-svg">
          <For each={props.days}>
            {(day, index) => (
              <g data-testid="trend-day" data-date={day.date} data-abandoned={day.abandoned} data-recovered={day.recovered} data-revenue={day.revenue}>
                <title>{describe(day)}</title>
                {bar("trend-abandoned", x(index()) + slot() * 0.1, day.abandoned)}
                {bar("trend-recovered", x(index()) + slot() * 0.5, day.recovered)}
              </g>
            )}
          </For>
          <polyline class="trend-revenue" points={revenueLine()} />
          <line class="trend-axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotHeight} y2={PAD.top + plotHeight} />
          <text class="trend-tick" x={PAD.left} y={HEIGHT - 6}>{props.days[0]?.date}</text>
          <text class="trend-tick" x={WIDTH - PAD.right} y={HEIGHT - 6} text-anchor="end">{props.days[props.days.length - 1]?.date}</text>
        </svg>
        <figcaption id="trend-caption" class="trend-legend">
          <span class="legend-abandoned">Abandoned carts</span> <span class="legend-recovered">Recovered carts</span>{" "}
          <span class="legend-revenue">Recovered revenue (peak {formatMoney(maxRevenue() > 0.01 ? maxRevenue() : 0, props.currency)})</span>
        </figcaption>
      </figure>
    </Show>
  );
}
