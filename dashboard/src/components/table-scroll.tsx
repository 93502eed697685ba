import type { JSX } from "solid-js";

/**
 * A wide table's own horizontal scroller, so the page never scrolls sideways on a phone. It is a
 * named, focusable region: a keyboard user can scroll it with the arrow keys even when the table
 * holds no link or button.
 */
export function TableScroll(props: { label: string; children: JSX.Element }) {
  return (
    <div class="table-wrap" role="region" aria-label={props.label} tabindex="0">
      {props.children}
    </div>
  );
}
