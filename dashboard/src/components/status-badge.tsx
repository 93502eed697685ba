import { humanize } from "../format";

export function StatusBadge(props: { status: string; testId?: string }) {
  return (
    <span class={`badge badge-${props.status}`} data-testid={props.testId ?? "sequence-status"} data-status={props.status}>
      {humanize(props.status)}
    </span>
  );
}
