import { For, Show } from "solid-js";
import "./rate-chart.css";

/** One stretch of time on the chart; `rate` is null when nothing was delivered then (no sample, no point). */
export type RatePoint = { label: string; rate: number | null };

const WIDTH = 640;
const HEIGHT = 170;
const PAD = { top: 12, right: 8, bottom: 22, left: 8 };

/** `0.41 %`: two decimals, as the Worker writes the guard's reasons, because the limits sit at 0.1 % and 0.3 %. */
export const formatPercent = (rate: number) => `${(rate * 100).toFixed(2)} %`;

/**
 * Plain SVG like the overview's trend chart (no chart library): one rate over time as a line
 * through the stretches that had deliveries, against its slow-down and pause limits as dashed
 * lines. The scale leaves room above the pause limit so both limits are always in view.
 */
export function RateChart(props: { id: string; title: string; points: RatePoint[]; slow: number; pause: number }) {
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const rates = () => props.points.flatMap((point) => (point.rate === null ? [] : [point.rate]));
  const top = () => Math.min(1, Math.max(props.pause * 1.5, ...rates(), 0.0001));
  const y = (rate: number) => PAD.top + plotHeight - (Math.min(rate, top()) / top()) * plotHeight;
  const slot = () => plotWidth / Math.max(1, props.points.length);
  const x = (index: number) => PAD.left + index * slot() + slot() / 2;
  const sampled = () => props.points.flatMap((point, index) => (point.rate === null ? [] : [{ ...point, rate: point.rate, index }]));
  const line = () => sampled().map((point) => `${x(point.index).toFixed(1)},${y(point.rate).toFixed(1)}`).join(" ");
  const peak = () => (rates().length ? formatPercent(Math.max(...rates())) : "none");
  const latest = () => sampled().at(-1);

  return (
    <figure class="rate-chart" data-testid={`${props.id}-chart`}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${props.id}-chart-caption`} class="rate-chart-svg">
        <line class="rate-chart-axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotHeight} y2={PAD.top + plotHeight} />
        <line class="rate-chart-slow" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(props.slow)} y2={y(props.slow)} data-testid={`${props.id}-slow-line`} />
        <line class="rate-chart-pause" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(props.pause)} y2={y(props.pause)} data-testid={`${props.id}-pause-line`} />
        <text class="rate-chart-tick" x={WIDTH - PAD.right} y={y(props.pause) - 4} text-anchor="end">
          pause {formatPercent(props.pause)}
        </text>
        <polyline class="rate-chart-line" points={line()} />
        <For each={sampled()}>
          {(point) => (
            <circle class="rate-chart-point" cx={x(point.index)} cy={y(point.rate)} r="3" data-testid={`${props.id}-point`} data-rate={point.rate}>
              <title>
                {point.label}: {formatPercent(point.rate)}
              </title>
            </circle>
          )}
        </For>
        <text class="rate-chart-tick" x={PAD.left} y={HEIGHT - 6}>
          {props.points[0]?.label}
        </text>
        <text class="rate-chart-tick" x={WIDTH - PAD.right} y={HEIGHT - 6} text-anchor="end">
          {props.points.at(-1)?.label}
        </text>
      </svg>
      <figcaption id={`${props.id}-chart-caption`} class="rate-chart-legend">
        <span class="legend-rate">{props.title}</span> <span class="legend-slow">Slow-down limit {formatPercent(props.slow)}</span>{" "}
        <span class="legend-pause">Pause limit {formatPercent(props.pause)}</span>
        <span class="rate-chart-summary">
          Highest {peak()}
          <Show when={latest()}>{(point) => `, latest ${formatPercent(point().rate)} (${point().label})`}</Show>.
        </span>
      </figcaption>
    </figure>
  );
}
