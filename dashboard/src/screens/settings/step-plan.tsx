import { createSignal, For, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import type { Step, StoreSettings } from "../../types";
import { delaySeconds, DelayControl, type DelayInput, toDelayInput } from "./delay";
import { fieldId } from "./fields";
import { createSectionSave, SectionForm, type SectionProps } from "./section";

type Channel = Step["channel"];

interface PlanRow {
  /** Stable across reorders, so Solid moves rows instead of recreating them (focus stays put). */
  key: number;
  id: string;
  /** Saved steps keep their id: it names the step in sequences, emails and analytics. */
  isNew: boolean;
  channel: Channel;
  delay: DelayInput;
}

let nextKey = 0;
const toRows = (steps: Step[]): PlanRow[] => steps.map((step) => ({ key: nextKey++, id: step.id, isNew: false, channel: step.channel, delay: toDelayInput(step.delay_seconds) }));

/** A fresh id not in the plan, named like the defaults (`email_3`, `popup_2`). */
function newId(rows: PlanRow[], channel: Channel): string {
  const taken = new Set(rows.map((row) => row.id));
  let n = rows.length + 1;
  while (taken.has(`${channel}_${n}`)) n += 1;
  return `${channel}_${n}`;
}

/** The plan to save: each step keeps the subject and body saved for it (edited in the email section). */
function toSteps(rows: PlanRow[], saved: StoreSettings): Step[] {
  return rows.map((row) => {
    const before = saved.steps.find((step) => step.id === row.id);
    const step: Step = { id: row.id, channel: row.channel, delay_seconds: delaySeconds(row.delay) };
    if (before?.subject !== undefined) step.subject = before.subject;
    if (before?.body !== undefined) step.body = before.body;
    return step;
  });
}

const CHANNELS: { value: Channel; label: string }[] = [
  { value: "popup", label: "Popup" },
  { value: "email", label: "Email" },
];

export function StepPlanSection(props: SectionProps) {
  const state = createSectionSave(props);
  const [rows, setRows] = createStore<PlanRow[]>(toRows(props.saved().steps));
  const [announcement, setAnnouncement] = createSignal("");
  const stepError = (index: number, field?: string) => state.fieldError(field ? `steps.${index}.${field}` : `steps.${index}`);

  /** Structure changed: errors point at positions that no longer hold the same step. */
  const restructured = (text: string) => {
    state.setError(undefined);
    setAnnouncement(text);
  };

  function move(index: number, by: -1 | 1, direction: "up" | "down") {
    const target = index + by;
    const row = rows[index];
    setRows(produce((list) => list.splice(target, 0, ...list.splice(index, 1))));
    restructured(`${row.id} moved to position ${target + 1} of ${rows.length}.`);
    // The pressed button may now be disabled (first or last row): keep focus on the row either way.
    queueMicrotask(() => {
      const button = document.querySelector<HTMLButtonElement>(`[data-step-key="${row.key}"] [data-move="${direction}"]`);
      const fallback = document.querySelector<HTMLButtonElement>(`[data-step-key="${row.key}"] [data-move="${direction === "up" ? "down" : "up"}"]`);
      (button && !button.disabled ? button : fallback)?.focus();
    });
  }

  function add() {
    const channel: Channel = "email";
    const id = newId(rows, channel);
    const last = rows[rows.length - 1];
    const delay = last ? toDelayInput(Math.max(1, delaySeconds(last.delay) || 0) + 86_400) : toDelayInput(3_600);
    setRows(rows.length, { key: nextKey++, id, isNew: true, channel, delay });
    restructured(`Step ${id} added at the end.`);
    queueMicrotask(() => document.getElementById(fieldId(`steps.${rows.length - 1}.id`))?.focus());
  }

  function remove(index: number) {
    const row = rows[index];
    setRows((list) => list.filter((_, i) => i !== index));
    restructured(`Step ${row.id} removed. Save the plan to apply.`);
    queueMicrotask(() => document.querySelector<HTMLButtonElement>('[data-testid="add-step"]')?.focus());
  }

  async function submit() {
    const steps = toSteps(rows, props.saved());
    const unchanged = JSON.stringify(steps) === JSON.stringify(props.saved().steps);
    const updated = await state.save(unchanged ? {} : { steps });
    if (updated) setRows(toRows(updated.steps));
  }

  return (
    <SectionForm
      id="plan"
      title="Step plan"
      description="Steps run in this order; each delay counts from the cart's last activity (abandonment)."
      state={state}
      fields={["steps"]}
      onSubmit={submit}
    >
      <Show when={state.fieldError("steps") && !rows.some((_, i) => stepError(i))}>
        <p class="field-error" data-testid="error-steps">
          {state.fieldError("steps")}
        </p>
      </Show>
      <ol class="plan" aria-label="Steps in order">
        <For each={rows}>
          {(row, index) => (
            <li class="plan-row" data-step-key={row.key} data-testid="plan-step" data-step-id={row.id}>
              <span class="plan-position" aria-hidden="true">
                {index() + 1}
              </span>
              <div class="plan-fields">
                <Show
                  when={row.isNew}
                  fallback={
                    <div class="field">
                      <span class="label">Step id</span>
                      <code data-testid="plan-step-id">{row.id}</code>
                    </div>
                  }
                >
                  <div class="field">
                    <label class="label" for={fieldId(`steps.${index()}.id`)}>
                      Step id
                    </label>
                    <input
                      id={fieldId(`steps.${index()}.id`)}
                      value={row.id}
                      onInput={(event) => setRows(index(), "id", event.currentTarget.value)}
                      aria-invalid={stepError(index(), "id") ? "true" : undefined}
                      aria-describedby={stepError(index(), "id") ? `${fieldId(`steps.${index()}.id`)}-error` : undefined}
                      data-testid="plan-step-id-input"
                    />
                    <Show when={stepError(index(), "id")}>
                      <span id={`${fieldId(`steps.${index()}.id`)}-error`} class="field-error">
                        {stepError(index(), "id")}
                      </span>
                    </Show>
                  </div>
                </Show>
                <div class="field">
                  <label class="label" for={fieldId(`steps.${index()}.channel`)}>
                    Channel
                  </label>
                  <select
                    id={fieldId(`steps.${index()}.channel`)}
                    value={row.channel}
                    onChange={(event) => setRows(index(), "channel", event.currentTarget.value as Channel)}
                    aria-invalid={stepError(index(), "channel") ? "true" : undefined}
                    data-testid="plan-step-channel"
                  >
                    <For each={CHANNELS}>
                      {(channel) => (
                        <option value={channel.value} selected={channel.value === row.channel}>
                          {channel.label}
                        </option>
                      )}
                    </For>
                  </select>
                </div>
                <div class="field">
                  <span class="label" id={`${fieldId(`steps.${index()}.delay_seconds`)}-label`}>
                    Delay after abandonment
                  </span>
                  <DelayControl
                    id={fieldId(`steps.${index()}.delay_seconds`)}
                    label={`Delay of ${row.id}`}
                    value={row.delay}
                    error={stepError(index(), "delay_seconds")}
                    errorId={`${fieldId(`steps.${index()}.delay_seconds`)}-error`}
                    onChange={(delay) => setRows(index(), "delay", delay)}
                    testId="plan-step-delay"
                  />
                  <Show when={stepError(index(), "delay_seconds")}>
                    <span id={`${fieldId(`steps.${index()}.delay_seconds`)}-error`} class="field-error" data-testid="error-plan-delay">
                      {stepError(index(), "delay_seconds")}
                    </span>
                  </Show>
                </div>
              </div>
              <div class="plan-actions">
                <button
                  type="button"
                  class="button button-small"
                  data-move="up"
                  disabled={index() === 0}
                  onClick={() => move(index(), -1, "up")}
                  aria-label={`Move ${row.id} up`}
                  data-testid="plan-move-up"
                >
                  ↑ Up
                </button>
                <button
                  type="button"
                  class="button button-small"
                  data-move="down"
                  disabled={index() === rows.length - 1}
                  onClick={() => move(index(), 1, "down")}
                  aria-label={`Move ${row.id} down`}
                  data-testid="plan-move-down"
                >
                  ↓ Down
                </button>
                <button
                  type="button"
                  class="button button-small button-danger"
                  disabled={rows.length === 1}
                  onClick={() => remove(index())}
                  aria-label={`Remove ${row.id}`}
                  data-testid="plan-remove"
                >
                  Remove
                </button>
              </div>
            </li>
          )}
        </For>
      </ol>
      <button type="button" class="button" onClick={add} disabled={rows.length >= 20} data-testid="add-step">
        Add a step
      </button>
      <p class="visually-hidden" aria-live="polite">
        {announcement()}
      </p>
    </SectionForm>
  );
}
