import { For } from "solid-js";

export const DELAY_UNITS = [
  { name: "seconds", seconds: 1 },
  { name: "minutes", seconds: 60 },
  { name: "hours", seconds: 3_600 },
  { name: "days", seconds: 86_400 },
] as const;

export interface DelayInput {
  amount: string;
  unit: number;
}

/** Picks the largest unit that expresses the delay exactly (86400 s → 1 day). */
export function toDelayInput(seconds: number): DelayInput {
  const unit = [...DELAY_UNITS].reverse().find((candidate) => seconds % candidate.seconds === 0) ?? DELAY_UNITS[0];
  return { amount: String(seconds / unit.seconds), unit: unit.seconds };
}

/** Seconds, or NaN when the amount is not a number (sent as null, so the API names the field). */
export const delaySeconds = (delay: DelayInput) => (delay.amount.trim() === "" ? Number.NaN : Number(delay.amount) * delay.unit);

/** An amount and a unit; `label` names the delay for screen readers ("Delay of email_24h"). */
export function DelayControl(props: {
  id: string;
  label: string;
  value: DelayInput;
  error?: string;
  errorId?: string;
  onChange: (value: DelayInput) => void;
  testId?: string;
}) {
  return (
    <div class="delay" role="group" aria-label={props.label}>
      <input
        id={props.id}
        type="number"
        min="1"
        step="1"
        inputmode="numeric"
        aria-label={`${props.label}: amount`}
        value={props.value.amount}
        onInput={(event) => props.onChange({ ...props.value, amount: event.currentTarget.value })}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? props.errorId : undefined}
        data-testid={props.testId}
      />
      <select
        aria-label={`${props.label}: unit`}
        value={String(props.value.unit)}
        onChange={(event) => props.onChange({ ...props.value, unit: Number(event.currentTarget.value) })}
        data-testid={props.testId ? `${props.testId}-unit` : undefined}
      >
        {/* `selected` on the option: a select's value set before its options exist would be lost. */}
        <For each={DELAY_UNITS}>
          {(unit) => (
            <option value={String(unit.seconds)} selected={unit.seconds === props.value.unit}>
              {unit.name}
            </option>
          )}
        </For>
      </select>
    </div>
  );
}
