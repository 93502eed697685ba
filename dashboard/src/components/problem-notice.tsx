import { For, Show } from "solid-js";
import type { ApiError } from "../api";

/** The `errors` of a problem+json answer: each field with its message. */
export function FieldErrorList(props: { errors: { field: string; message: string }[] }) {
  return (
    <ul>
      <For each={props.errors}>
        {(fieldError) => (
          <li>
            <code>{fieldError.field}</code>: {fieldError.message}
          </li>
        )}
      </For>
    </ul>
  );
}

/** Shows a problem+json error: its detail, and any per-field messages not shown elsewhere. */
export function ProblemNotice(props: { error: ApiError | undefined; showFieldErrors?: boolean; onRetry?: () => void }) {
  return (
    <Show when={props.error}>
      {(error) => (
        <div class="notice notice-error" role="alert" data-testid="error">
          <strong>{error().problem.title}</strong>
          <Show when={error().problem.detail && error().problem.detail !== error().problem.title}>
            <span> — {error().problem.detail}</span>
          </Show>
          <Show when={props.showFieldErrors && error().problem.errors?.length}>
            <FieldErrorList errors={error().problem.errors ?? []} />
          </Show>
          <Show when={props.onRetry}>
            <button type="button" class="button button-small" onClick={() => props.onRetry?.()}>
              Retry
            </button>
          </Show>
        </div>
      )}
    </Show>
  );
}
