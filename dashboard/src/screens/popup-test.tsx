import { createSignal, For, Index, onMount, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { api, ApiError } from "../api";
import { Card } from "../components/card";
import { LiveIndicator } from "../components/live-indicator";
import { ProblemNotice } from "../components/problem-notice";
import { formatCount, formatDelay, formatMoney, formatRate } from "../format";
import { createPoll } from "../poll";
import type { Analytics, SettingsPatch, StoreSettings } from "../types";
import "./popup-test.css";

type Popup = StoreSettings["popup"];
type Variant = Popup["variants"][number];
type VariantResult = NonNullable<Analytics["popup"]["variants"]>[number];

const MAX_VARIANTS = 4;
const IDS = ["A", "B", "C", "D"];

/** How a variant opens: as the base popup says, after its own delay, or on exit intent. */
type Trigger = "base" | "delay" | "exit";

/** A variant as typed in the form: numbers stay text until sent, so the API's message names what is wrong. */
type Draft = { id: string; weight: string; trigger: Trigger; delay: string; title: string; body: string; cta: string };

const toDraft = (v: Variant): Draft => ({
  id: v.id,
  weight: String(v.weight),
  trigger: v.exit_intent === true ? "exit" : v.delay_seconds !== undefined ? "delay" : "base",
  delay: v.delay_seconds === undefined ? "" : String(v.delay_seconds),
  title: v.title ?? "",
  body: v.body ?? "",
  cta: v.cta ?? "",
});

/** A number when the text is one, else the text itself for the API to refuse by name. */
const numberOrText = (text: string) => (text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text);

function toVariant(d: Draft): Variant {
  const v: Record<string, unknown> = { id: d.id.trim(), weight: numberOrText(d.weight) };
  if (d.trigger === "delay") {
    v.delay_seconds = numberOrText(d.delay);
    v.exit_intent = false;
  }
  if (d.trigger === "exit") v.exit_intent = true;
  if (d.title.trim()) v.title = d.title.trim();
  if (d.body.trim()) v.body = d.body.trim();
  if (d.cta.trim()) v.cta = d.cta.trim();
  return v as Variant;
}

const freeId = (drafts: Draft[]) => IDS.find((id) => !drafts.some((d) => d.id === id)) ?? `V${drafts.length + 1}`;
const blankDraft = (id: string): Draft => ({ id, weight: "1", trigger: "base", delay: "", title: "", body: "", cta: "" });

/** What a variant changes from the base popup, in words. */
function describeTiming(v: Variant, base: Popup): string {
  if (v.exit_intent === true) return "Exit intent";
  if (v.delay_seconds !== undefined) return `After ${formatDelay(v.delay_seconds)}`;
  return base.exit_intent ? "Exit intent (base)" : `After ${formatDelay(base.delay_seconds)} (base)`;
}

/** The base popup with the variant's fields: what "keep this variant" makes the popup. */
function keepPatch(v: Variant): SettingsPatch {
  const popup: NonNullable<SettingsPatch["popup"]> = { variants: [] };
  if (v.delay_seconds !== undefined) popup.delay_seconds = v.delay_seconds;
  if (v.exit_intent !== undefined) popup.exit_intent = v.exit_intent;
  if (v.title !== undefined) popup.title = v.title;
  if (v.body !== undefined) popup.body = v.body;
  if (v.cta !== undefined) popup.cta = v.cta;
  return { popup };
}

const asApiError = (caught: unknown) => (caught instanceof ApiError ? caught : new ApiError(0, { title: "Error", detail: String(caught) }));

/** The variants form: start a test, or change a running one (which starts its results afresh). */
function VariantEditor(props: { settings: StoreSettings; onSaved: (settings: StoreSettings, message: string) => void }) {
  const running = () => props.settings.popup.variants.length > 0;
  const initial = () => (running() ? props.settings.popup.variants.map(toDraft) : [{ ...blankDraft("A"), title: props.settings.popup.title }, blankDraft("B")]);
  const [drafts, setDrafts] = createStore<Draft[]>(initial());
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [failure, setFailure] = createSignal<ApiError>();
  const [saving, setSaving] = createSignal(false);

  const fieldError = (index: number, field: string) => errors()[`popup.variants.${index}.${field}`];
  const listError = () => errors()["popup.variants"];

  async function save(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setFailure(undefined);
    try {
      const settings = await api.updateSettings({ popup: { variants: drafts.map(toVariant) } });
      props.onSaved(settings ?? (await api.settings()), running() ? "Saved. Results start afresh for the new definition." : "Test started.");
    } catch (caught) {
      const apiError = asApiError(caught);
      const byField = apiError.fieldErrors();
      if (Object.keys(byField).some((field) => field.startsWith("popup.variants"))) setErrors(byField);
      else setFailure(apiError);
    } finally {
      setSaving(false);
    }
  }

  const inputAttrs = (index: number, field: string) => {
    const message = fieldError(index, field);
    return { "aria-invalid": message ? ("true" as const) : undefined, "aria-describedby": message ? `variant-${index}-${field}-error` : undefined };
  };
  const FieldMessage = (p: { index: number; field: string }) => (
    <Show when={fieldError(p.index, p.field)}>
      <span id={`variant-${p.index}-${p.field}-error`} class="field-error" data-testid={`variant-${p.index}-${p.field}-error`}>
        {fieldError(p.index, p.field)}
      </span>
    </Show>
  );

  return (
    <form onSubmit={save} novalidate data-testid="variant-form">
      <p class="muted">
        Up to {MAX_VARIANTS} variants. Each visitor is assigned one by weight and keeps it. A variant changes only what you fill in; the rest comes from the
        popup in Settings (“{props.settings.popup.title}”, {props.settings.popup.exit_intent ? "exit intent" : `after ${formatDelay(props.settings.popup.delay_seconds)}`}).
        <Show when={running()}> Changing a running test starts its results afresh.</Show>
      </p>
      <Show when={listError()}>
        <p class="field-error" role="alert" data-testid="variants-error">
          {listError()}
        </p>
      </Show>
      <div class="ab-variants">
        <Index each={drafts}>
          {(draft, index) => (
            <fieldset class="ab-variant" data-testid={`variant-${index}`}>
              <legend>Variant {draft().id || index + 1}</legend>
              <div class="ab-variant-grid">
                <label class="field">
                  <span class="label">Id</span>
                  <input value={draft().id} maxlength={32} onInput={(e) => setDrafts(index, "id", e.currentTarget.value)} data-testid={`variant-${index}-id`} {...inputAttrs(index, "id")} />
                  <FieldMessage index={index} field="id" />
                </label>
                <label class="field">
                  <span class="label">Weight</span>
                  <input
                    type="number"
                    min="1"
                    step="1"
                    inputmode="numeric"
                    value={draft().weight}
                    onInput={(e) => setDrafts(index, "weight", e.currentTarget.value)}
                    data-testid={`variant-${index}-weight`}
                    {...inputAttrs(index, "weight")}
                  />
                  <FieldMessage index={index} field="weight" />
                </label>
                <label class="field">
                  <span class="label">Opens</span>
                  <select value={draft().trigger} onChange={(e) => setDrafts(index, "trigger", e.currentTarget.value as Trigger)} data-testid={`variant-${index}-trigger`}>
                    <option value="base">As the base popup</option>
                    <option value="delay">After a delay</option>
                    <option value="exit">On exit intent (desktop)</option>
                  </select>
                </label>
                <Show when={draft().trigger === "delay"}>
                  <label class="field">
                    <span class="label">Delay (seconds)</span>
                    <input
                      type="number"
                      min="0"
                      max="3600"
                      inputmode="numeric"
                      value={draft().delay}
                      onInput={(e) => setDrafts(index, "delay", e.currentTarget.value)}
                      data-testid={`variant-${index}-delay`}
                      {...inputAttrs(index, "delay_seconds")}
                    />
                    <FieldMessage index={index} field="delay_seconds" />
                  </label>
                </Show>
                <label class="field ab-wide">
                  <span class="label">Title</span>
                  <input value={draft().title} maxlength={120} placeholder={props.settings.popup.title} onInput={(e) => setDrafts(index, "title", e.currentTarget.value)} data-testid={`variant-${index}-title`} {...inputAttrs(index, "title")} />
                  <FieldMessage index={index} field="title" />
                </label>
                <label class="field ab-wide">
                  <span class="label">Body</span>
                  <textarea
                    rows={2}
                    maxlength={500}
                    value={draft().body}
                    placeholder={props.settings.popup.body}
                    onInput={(e) => setDrafts(index, "body", e.currentTarget.value)}
                    data-testid={`variant-${index}-body`}
                    {...inputAttrs(index, "body")}
                  />
                  <FieldMessage index={index} field="body" />
                </label>
                <label class="field">
                  <span class="label">Button label</span>
                  <input value={draft().cta} maxlength={60} placeholder={props.settings.popup.cta} onInput={(e) => setDrafts(index, "cta", e.currentTarget.value)} data-testid={`variant-${index}-cta`} {...inputAttrs(index, "cta")} />
                  <FieldMessage index={index} field="cta" />
                </label>
              </div>
              <button type="button" class="button button-small button-ghost" onClick={() => setDrafts((list) => list.filter((_, i) => i !== index))} data-testid={`variant-${index}-remove`}>
                Remove variant {draft().id}
              </button>
            </fieldset>
          )}
        </Index>
      </div>
      <div class="form-actions">
        <Show when={drafts.length < MAX_VARIANTS}>
          <button type="button" class="button" onClick={() => setDrafts(drafts.length, blankDraft(freeId(drafts)))} data-testid="variant-add">
            Add variant
          </button>
        </Show>
        <button type="submit" class="button button-primary" disabled={saving() || drafts.length === 0} data-testid="variant-save">
          {saving() ? "Saving…" : running() ? "Save changes" : "Start test"}
        </button>
      </div>
      <ProblemNotice error={failure()} showFieldErrors />
    </form>
  );
}

/** Per-variant results of the running test, and ending it keeping a variant. */
function Results(props: { settings: StoreSettings; analytics: Analytics | undefined; onEnded: (settings: StoreSettings) => void }) {
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [ending, setEnding] = createSignal(false);
  const [failure, setFailure] = createSignal<ApiError>();
  const results = () => props.analytics?.popup.variants ?? [];
  const winner = () => props.analytics?.popup.winner ?? null;
  const resultOf = (id: string): VariantResult | undefined => results().find((r) => r.id === id);
  const currency = () => props.analytics?.currency ?? props.settings.currency;

  async function end(keep: Variant | null) {
    setEnding(true);
    setFailure(undefined);
    try {
      const settings = await api.updateSettings(keep ? keepPatch(keep) : { popup: { variants: [] } });
      setConfirming(null);
      props.onEnded(settings ?? (await api.settings()));
    } catch (caught) {
      setFailure(asApiError(caught));
    } finally {
      setEnding(false);
    }
  }

  const winnerVariant = () => props.settings.popup.variants.find((v) => v.id === winner());
  const confirmLabel = () => (confirming() === "" ? "End the test and keep the popup as it is in Settings?" : `End the test and make variant ${confirming()} the popup?`);

  return (
    <>
      <div class="table-wrap">
        <table class="table" data-testid="variant-results">
          <caption class="muted ab-caption">Since the variants were last changed. Conversion: recovered carts ÷ times shown, with its 95 % confidence interval.</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Opens</th>
              <th scope="col" class="num">
                Shown
              </th>
              <th scope="col" class="num">
                Clicked
              </th>
              <th scope="col" class="num">
                Recovered carts
              </th>
              <th scope="col" class="num">
                Revenue
              </th>
              <th scope="col">Conversion (95 % CI)</th>
              <th scope="col">
                <span class="ab-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.settings.popup.variants}>
              {(variant) => {
                const r = () => resultOf(variant.id);
                return (
                  <tr data-testid={`result-${variant.id}`} classList={{ "ab-winner-row": winner() === variant.id }}>
                    <th scope="row">
                      {variant.id}
                      <Show when={winner() === variant.id}>
                        {" "}
                        <span class="ab-winner" data-testid="winner-mark">
                          Winner
                        </span>
                      </Show>
                      <span class="ab-copy muted">“{variant.title ?? props.settings.popup.title}”</span>
                    </th>
                    <td>{describeTiming(variant, props.settings.popup)}</td>
                    <td class="num" data-testid="shown">
                      {formatCount(r()?.shown)}
                    </td>
                    <td class="num" data-testid="clicked">
                      {formatCount(r()?.clicked)}
                    </td>
                    <td class="num" data-testid="recovered">
                      {formatCount(r()?.recovered)}
                    </td>
                    <td class="num" data-testid="revenue">
                      {formatMoney(r()?.revenue, currency())}
                    </td>
                    <td data-testid="conversion">
                      <Show when={r() && r()!.shown > 0} fallback={<span class="muted">Not shown yet</span>}>
                        {formatRate(r()!.conversion_rate)}{" "}
                        <span class="muted">
                          ({formatRate(r()!.ci_low)}–{formatRate(r()!.ci_high)})
                        </span>
                      </Show>
                    </td>
                    <td>
                      <button type="button" class="button button-small" onClick={() => setConfirming(variant.id)} disabled={ending()} data-testid={`keep-${variant.id}`}>
                        End and keep {variant.id}
                      </button>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
      <p class="muted" data-testid="significance-note">
        <Show
          when={winnerVariant()}
          fallback={<>No winner yet: no variant’s conversion rate beats every other’s significantly.</>}
        >
          {(v) => <>Variant {v().id} converts significantly better than every other variant.</>}
        </Show>{" "}
        A winner is marked only when a two-proportion z-test (two-sided, 5 %, corrected for the number of comparisons) says so against each other variant, each shown at least 30 times.
      </p>
      <div class="form-actions">
        <button type="button" class="button button-primary" disabled={!winnerVariant() || ending()} onClick={() => setConfirming(winner())} data-testid="keep-winner">
          End test and keep winner
        </button>
        <button type="button" class="button button-ghost" disabled={ending()} onClick={() => setConfirming("")} data-testid="end-test">
          End test, keep the base popup
        </button>
      </div>
      <Show when={confirming() !== null}>
        <div class="notice ab-confirm" role="alertdialog" aria-labelledby="ab-confirm-text" data-testid="confirm-end">
          <p id="ab-confirm-text">{confirmLabel()}</p>
          <button
            type="button"
            class="button button-primary"
            // The question appears below the table: take the keyboard there so it can be answered at once.
            ref={(button) => queueMicrotask(() => button.focus())}
            disabled={ending()}
            onClick={() => void end(props.settings.popup.variants.find((v) => v.id === confirming()) ?? null)}
            data-testid="confirm-end-yes"
          >
            {ending() ? "Ending…" : "End test"}
          </button>
          <button type="button" class="button button-ghost" onClick={() => setConfirming(null)} data-testid="confirm-end-no">
            Cancel
          </button>
        </div>
      </Show>
      <ProblemNotice error={failure()} />
    </>
  );
}

export function PopupTest() {
  const [settings, setSettings] = createSignal<StoreSettings>();
  const [loadError, setLoadError] = createSignal<ApiError>();
  const [notice, setNotice] = createSignal("");
  const results = createPoll(() => api.analytics());

  async function load() {
    setLoadError(undefined);
    try {
      setSettings(await api.settings());
    } catch (caught) {
      setLoadError(asApiError(caught));
    }
  }
  onMount(load);

  function changed(next: StoreSettings, message: string) {
    setSettings(next);
    setNotice(message);
    void results.refresh();
  }

  return (
    <section aria-labelledby="popup-test-title">
      <header class="page-header">
        <h1 id="popup-test-title">Popup A/B test</h1>
        <LiveIndicator updatedAt={results.updatedAt()} error={results.error()} />
      </header>
      <ProblemNotice error={loadError()} onRetry={load} />
      <Show when={settings()} fallback={<Show when={!loadError()}><p class="muted">Loading…</p></Show>}>
        {(s) => (
          <>
            <p class="ab-status" role="status" data-testid="test-status">
              {notice()}
            </p>
            <Show when={s().popup.variants.length > 0}>
              <Card id="ab-results" title="Results" testId="ab-results">
                <ProblemNotice error={results.error()} onRetry={results.refresh} />
                <Results
                  settings={s()}
                  analytics={results.data()}
                  onEnded={(next) => changed(next, `Test ended. The popup now shows “${next.popup.title}”${next.popup.exit_intent ? " on exit intent" : ` after ${formatDelay(next.popup.delay_seconds)}`}.`)}
                />
              </Card>
            </Show>
            <Card id="ab-variants" title={s().popup.variants.length > 0 ? "Variants" : "Start a test"} testId="ab-editor">
              {/* Keyed on the definition, so the form shows what was saved or kept. */}
              <Show when={JSON.stringify(s().popup.variants)} keyed>
                <VariantEditor settings={s()} onSaved={changed} />
              </Show>
            </Card>
          </>
        )}
      </Show>
    </section>
  );
}
