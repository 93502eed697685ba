import { createResource, createSignal, For, Show } from "solid-js";
import { api, ApiError } from "../api";
import { LiveIndicator } from "../components/live-indicator";
import { Loading } from "../components/loading";
import { ProblemNotice } from "../components/problem-notice";
import { SequenceTable } from "../components/sequence-table";
import { humanize } from "../format";
import { createPoll } from "../poll";
import { SEQUENCE_STATUSES, type Page, type Sequence, type SequenceStatus } from "../types";

const PAGE_SIZE = 20;

export function Sequences() {
  const [status, setStatus] = createSignal<SequenceStatus | "">("");
  const [step, setStep] = createSignal("");
  const [email, setEmail] = createSignal("");
  // The store's plan names the steps a sequence can be at; without it the filter offers none.
  const [stepIds] = createResource(() => api.settings().then((settings) => settings.steps.map((planned) => planned.id)).catch(() => []));
  const filters = () => ({ status: status(), step: step(), email: email().trim() });
  const [pagesLoaded, setPagesLoaded] = createSignal(1);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [loadMoreError, setLoadMoreError] = createSignal<ApiError>();

  // A refresh re-reads every page the merchant has loaded so the whole list stays live.
  async function loadPages(): Promise<Page<Sequence>> {
    const data: Sequence[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < pagesLoaded(); page++) {
      const result: Page<Sequence> = await api.sequences({ ...filters(), limit: PAGE_SIZE, cursor });
      data.push(...result.data);
      cursor = result.next_cursor;
      if (!cursor) break;
    }
    return { data, next_cursor: cursor };
  }

  const list = createPoll(loadPages);

  function changeFilter(apply: () => void) {
    apply();
    setPagesLoaded(1);
    setLoadMoreError(undefined);
    list.mutate(() => undefined);
    void list.refresh();
  }

  async function loadMore() {
    const cursor = list.data()?.next_cursor;
    if (!cursor) return;
    setLoadingMore(true);
    setLoadMoreError(undefined);
    try {
      const next = await api.sequences({ ...filters(), limit: PAGE_SIZE, cursor });
      setPagesLoaded((count) => count + 1);
      list.mutate((current) => ({ data: [...(current?.data ?? []), ...next.data], next_cursor: next.next_cursor }));
    } catch (caught) {
      if (caught instanceof ApiError) setLoadMoreError(caught);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <section aria-labelledby="sequences-title">
      <header class="page-header">
        <h1 id="sequences-title">Sequences</h1>
        <LiveIndicator updatedAt={list.updatedAt()} error={list.error()} />
      </header>
      <div class="card">
        <div class="toolbar">
          <label class="field field-inline">
            <span class="label">Status</span>
            <select
              value={status()}
              onChange={(event) => changeFilter(() => setStatus(event.currentTarget.value as SequenceStatus | ""))}
              data-testid="status-filter"
            >
              <option value="">All</option>
              <For each={SEQUENCE_STATUSES}>{(name) => <option value={name}>{humanize(name)}</option>}</For>
            </select>
          </label>
          <label class="field field-inline">
            <span class="label">Current step</span>
            <select value={step()} onChange={(event) => changeFilter(() => setStep(event.currentTarget.value))} data-testid="step-filter">
              <option value="">Any</option>
              <For each={stepIds() ?? []}>{(id) => <option value={id}>{id}</option>}</For>
            </select>
          </label>
          <label class="field field-inline">
            <span class="label">Email</span>
            <input
              type="search"
              placeholder="Address or its beginning"
              value={email()}
              onInput={(event) => changeFilter(() => setEmail(event.currentTarget.value))}
              data-testid="email-search"
            />
          </label>
        </div>
        <ProblemNotice error={list.error()} onRetry={list.refresh} />
        <Show when={list.data()} fallback={<Show when={!list.error()}><Loading what="sequences" /></Show>}>
          {(page) => (
            <>
              <SequenceTable
                sequences={page().data}
                emptyText={status() || step() || email().trim() ? "No sequences match these filters." : "No abandoned carts yet."}
              />
              <ProblemNotice error={loadMoreError()} />
              <Show when={page().next_cursor}>
                <div class="load-more">
                  <button type="button" class="button" onClick={loadMore} disabled={loadingMore()} data-testid="load-more">
                    {loadingMore() ? "Loading…" : "Load more"}
                  </button>
                </div>
              </Show>
            </>
          )}
        </Show>
      </div>
    </section>
  );
}
