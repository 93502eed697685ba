import type { JSX } from "solid-js";

/** A titled panel; its heading names the region for screen readers. */
export function Card(props: { id: string; title: string; testId?: string; children: JSX.Element }) {
  return (
    <section class="card" aria-labelledby={`${props.id}-title`} data-testid={props.testId}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
    </section>
  );
}
