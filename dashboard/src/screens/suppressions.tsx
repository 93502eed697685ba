import { createSignal, For, Show } from "solid-js";
import { api, ApiError } from "../api";
import { LiveIndicator } from "../components/live-indicator";
import { Loading } from "../components/loading";
import { ProblemNotice } from "../components/problem-notice";
import { formatDateTime, humanize } from "../format";
import { createPoll } from "../poll";
import { TableScroll } from "../components/table-scroll";
import type { SuppressionSource } from "../types";

const SOURCES: Record<SuppressionSource, string> = {
  unsubscribe_link: "Unsubscribe link",
  resend_webhook: "Resend webhook",
  dashboard: "Added by hand",
};

/** Suppresses an address by hand; the API's message for `email` stands next to the field. */
function AddForm(props: { onAdded: () => void }) {
  const [email, setEmail] = createSignal("");
  const [saving, setSaving] = createSignal(false);
  const [fieldError, setFieldError] = createSignal<string>();
  const [error, setError] = createSignal<ApiError>();
  const [added, setAdded] = createSignal<string>();

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setFieldError(undefined);
    setError(undefined);
    setAdded(undefined);
    try {
      const suppression = await api.addSuppression(email().trim());
      setAdded(suppression.email);
      setEmail("");
      props.onAdded();
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : new ApiError(0, { title: "Error", detail: String(caught) });
      const message = apiError.fieldErrors().email;
      if (message) setFieldError(message);
      else setError(apiError);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form class="toolbar" onSubmit={submit} novalidate data-testid="suppression-add">
      <label class="field field-inline">
        <span class="label">Suppress an address</span>
        <input
          type="email"
          name="email"
          value={email()}
          onInput={(event) => setEmail(event.currentTarget.value)}
          aria-invalid={fieldError() ? "true" : undefined}
          aria-describedby={fieldError() ? "suppression-email-error" : undefined}
          data-testid="suppression-email"
        />
        <Show when={fieldError()}>
          <span id="suppression-email-error" class="field-error" data-testid="suppression-email-error">
            {fieldError()}
          </span>
        </Show>
      </label>
      <button type="submit" class="button" disabled={saving()}>
        {saving() ? "Adding…" : "Add"}
      </button>
      <Show when={added()}>
        <span class="muted" role="status">
          {added()} will receive no more emails.
        </span>
      </Show>
      <ProblemNotice error={error()} />
    </form>
  );
}

export function Suppressions() {
  const [search, setSearch] = createSignal("");
  const list = createPoll(() => api.suppressions(search().trim()));

  function changeSearch(value: string) {
    setSearch(value);
    list.mutate(() => undefined);
    void list.refresh();
  }

  return (
    <section aria-labelledby="suppressions-title">
      <header class="page-header">
        <h1 id="suppressions-title">Suppressions</h1>
        <LiveIndicator updatedAt={list.updatedAt()} error={list.error()} />
      </header>
      <div class="card">
        <p class="muted">Addresses that unsubscribed, bounced, complained or were added by hand. No step ever emails them again.</p>
        <AddForm onAdded={() => void list.refresh()} />
        <div class="toolbar">
          <label class="field field-inline">
            <span class="label">Search</span>
            <input type="search" value={search()} onInput={(event) => changeSearch(event.currentTarget.value)} data-testid="suppression-search" />
          </label>
          <a class="button button-small" href={api.suppressionsCsv(search().trim())} download="suppressions.csv" data-testid="suppression-csv">
            Export CSV
          </a>
        </div>
        <ProblemNotice error={list.error()} onRetry={list.refresh} />
        <Show when={list.data()} fallback={<Show when={!list.error()}><Loading what="suppressions" /></Show>}>
          {(page) => (
            <Show
              when={page().data.length > 0}
              fallback={<p class="empty">{search().trim() ? `No suppressed address contains “${search().trim()}”.` : "No suppressed addresses yet."}</p>}
            >
              <TableScroll label="Suppressed addresses">
                <table class="table" data-testid="suppression-table">
                  <thead>
                    <tr>
                      <th scope="col">Address</th>
                      <th scope="col">Reason</th>
                      <th scope="col">Date</th>
                      <th scope="col">Source</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={page().data}>
                      {(row) => (
                        <tr>
                          <td>{row.email}</td>
                          <td>{humanize(row.reason)}</td>
                          <td>{formatDateTime(row.created_at)}</td>
                          <td>{SOURCES[row.source]}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </TableScroll>
            </Show>
          )}
        </Show>
      </div>
    </section>
  );
}
