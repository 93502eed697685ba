import { For } from "solid-js";
import { humanize } from "../format";
import type { SequenceStep } from "../types";

const describe = (step: SequenceStep) => `${step.id} (${step.channel}): ${step.status}`;

export function StepDots(props: { steps: SequenceStep[] }) {
  const completed = () => props.steps.filter((step) => step.status === "sent").length;
  return (
    <span
      class="step-dots"
      role="img"
      aria-label={`${completed()} of ${props.steps.length} steps sent. ${props.steps.map(describe).join("; ")}`}
      data-testid="step-progress"
    >
      <For each={props.steps}>
        {(step) => <span class={`dot dot-${step.status}`} title={`${step.id} · ${humanize(step.status)}`} />}
      </For>
    </span>
  );
}
