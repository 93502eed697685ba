import { createUniqueId, For } from "solid-js";
import type { SequenceStep } from "../types";

/** What a step's mark says: its status, or `deferred` for a scheduled step the coordinator put off. */
export type StepMark = SequenceStep["status"] | "deferred";

/** Each mark differs in symbol and shape as well as colour (see .step-mark-* in styles.css). */
const MARKS: Record<StepMark, { symbol: string; label: string }> = {
  sent: { symbol: "✓", label: "Sent" },
  skipped: { symbol: "–", label: "Skipped" },
  failed: { symbol: "✕", label: "Failed" },
  deferred: { symbol: "◷", label: "Deferred" },
  scheduled: { symbol: "", label: "Scheduled" },
  pending: { symbol: "", label: "Pending" },
};

/**
 * A step's mark: a focusable symbol whose tooltip (on hover and on keyboard focus) says the step,
 * its status and its reason; the same text is its accessible description.
 */
export function StepMarkIcon(props: { step: SequenceStep; mark: StepMark }) {
  const tipId = createUniqueId();
  const mark = () => MARKS[props.mark];
  return (
    <span
      class={`step-mark step-mark-${props.mark}`}
      tabindex="0"
      role="img"
      aria-label={`${props.step.id} (${props.step.channel}): ${mark().label.toLowerCase()}`}
      aria-describedby={props.step.reason ? tipId : undefined}
      data-testid="step-mark"
      data-step={props.step.id}
      data-mark={props.mark}
    >
      <span class="step-mark-symbol" aria-hidden="true">
        {mark().symbol}
      </span>
      <span class="step-tip" id={tipId} role="tooltip" data-testid="step-tip">
        <strong>
          {props.step.id} · {mark().label}
        </strong>
        {props.step.reason ? ` — ${props.step.reason}` : ""}
      </span>
    </span>
  );
}

/**
 * The sequence's progress, one mark per step. `deferred` names the scheduled steps the API's
 * timeline shows as put off (only the detail has the timeline; the list shows them as scheduled,
 * with the deferral's reason in the tooltip).
 */
export function StepDots(props: { steps: SequenceStep[]; deferred?: ReadonlySet<string> }) {
  const sent = () => props.steps.filter((step) => step.status === "sent").length;
  const markOf = (step: SequenceStep): StepMark => (step.status === "scheduled" && props.deferred?.has(step.id) ? "deferred" : step.status);
  return (
    <span class="step-dots" role="group" aria-label={`${sent()} of ${props.steps.length} steps sent`} data-testid="step-progress">
      <For each={props.steps}>{(step) => <StepMarkIcon step={step} mark={markOf(step)} />}</For>
    </span>
  );
}
