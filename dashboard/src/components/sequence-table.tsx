import { For, Show } from "solid-js";
import { now } from "../clock";
import { formatMoney, formatRelative } from "../format";
import { href, navigate } from "../router";
import type { Sequence } from "../types";
import { StatusBadge } from "./status-badge";
import { StepDots } from "./step-dots";
import { TableScroll } from "./table-scroll";

export function SequenceTable(props: { sequences: Sequence[]; emptyText: string }) {
  return (
    <Show when={props.sequences.length > 0} fallback={<p class="empty">{props.emptyText}</p>}>
      <TableScroll label="Sequences">
        <table class="table table-clickable">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col" class="num">
                Cart
              </th>
              <th scope="col">Status</th>
              <th scope="col">Steps</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.sequences}>
              {(sequence) => (
                <tr
                  data-testid="sequence-row"
                  data-sequence-id={sequence.id}
                  onClick={(event) => {
                    if (!(event.target as Element).closest("a")) navigate(href.sequence(sequence.id));
                  }}
                >
                  <td>
                    <a href={href.sequence(sequence.id)} class="row-link">
                      {sequence.cart.customer_email || <span class="muted">anonymous</span>}
                    </a>
                  </td>
                  <td class="num">{formatMoney(sequence.cart.total_price, sequence.cart.currency)}</td>
                  <td>
                    <StatusBadge status={sequence.status} />
                  </td>
                  <td>
                    <StepDots steps={sequence.steps} />
                  </td>
                  <td class="muted nowrap" title={String(sequence.started_at)}>
                    {formatRelative(sequence.started_at, now())}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </TableScroll>
    </Show>
  );
}
