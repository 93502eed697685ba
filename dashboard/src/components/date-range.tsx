import { For, Show } from "solid-js";

export type RangePreset = "today" | "7" | "30" | "90" | "custom";
export type DateRange = { preset: RangePreset; from: string; to: string };

const DAY_MS = 86_400_000;
const PRESETS: { value: RangePreset; label: string }[] = [
  { value: "today", label: "Today" },
  { value: "7", label: "Last 7 days" },
  { value: "30", label: "Last 30 days" },
  { value: "90", label: "Last 90 days" },
  { value: "custom", label: "Custom" },
];

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** UTC days, like the analytics rollups: "last 7 days" is today and the 6 days before it. */
export function presetRange(preset: Exclude<RangePreset, "custom">, now = Date.now()): DateRange {
  const days = preset === "today" ? 1 : Number(preset);
  return { preset, from: utcDay(now - (days - 1) * DAY_MS), to: utcDay(now) };
}

/** Picks the days every number of a screen is computed over; custom shows from/to inputs. */
export function DateRangeControl(props: { value: DateRange; onChange: (range: DateRange) => void }) {
  const choose = (preset: RangePreset) =>
    props.onChange(preset === "custom" ? { ...props.value, preset } : presetRange(preset));
  const setDay = (end: "from" | "to", day: string) => {
    if (day) props.onChange({ ...props.value, preset: "custom", [end]: day });
  };
  return (
    <div class="toolbar" data-testid="date-range">
      <label class="field field-inline">
        <span class="label">Date range</span>
        <select value={props.value.preset} onChange={(event) => choose(event.currentTarget.value as RangePreset)} data-testid="range-preset">
          <For each={PRESETS}>{(preset) => <option value={preset.value}>{preset.label}</option>}</For>
        </select>
      </label>
      <Show when={props.value.preset === "custom"}>
        <label class="field field-inline">
          <span class="label">From</span>
          <input type="date" value={props.value.from} max={props.value.to} onChange={(event) => setDay("from", event.currentTarget.value)} data-testid="range-from" />
        </label>
        <label class="field field-inline">
          <span class="label">To</span>
          <input type="date" value={props.value.to} min={props.value.from} onChange={(event) => setDay("to", event.currentTarget.value)} data-testid="range-to" />
        </label>
      </Show>
    </div>
  );
}
