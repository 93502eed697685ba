import { createEffect, createSignal, For, type JSX, on, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { api, ApiError } from "../api";
import { Card } from "../components/card";
import { LiveIndicator } from "../components/live-indicator";
import { FieldErrorList, ProblemNotice } from "../components/problem-notice";
import { formatCount, formatDateTime, formatRelative } from "../format";
import { createPoll } from "../poll";
import type { IntegrationHealth, IntegrationName, IntegrationStatus, IntegrationTest, KlaviyoFlows, SecretStatus, SettingsPatch, StoreSettings } from "../types";
import "./integrations.css";

const asApiError = (caught: unknown) => (caught instanceof ApiError ? caught : new ApiError(0, { title: "Error", detail: String(caught) }));

/** The API's per-field messages under one settings object (`klaviyo.lookback_hours` → `lookback_hours`). */
function fieldErrorsUnder(error: ApiError | undefined, prefix: string): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const { field, message } of error?.problem.errors ?? []) {
    if (field.startsWith(`${prefix}.`)) byField[field.slice(prefix.length + 1).split(".")[0]!] ??= message;
  }
  return byField;
}

/** Messages for fields this form does not show next to a control, so none is lost. */
const otherFieldErrors = (error: ApiError | undefined, prefix: string, shown: string[]) =>
  (error?.problem.errors ?? []).filter(({ field }) => !shown.some((name) => field === `${prefix}.${name}` || field.startsWith(`${prefix}.${name}.`)));

const CIRCUIT: Record<IntegrationStatus["circuit_state"], string> = {
  closed: "Closed: calls go through",
  open: "Open: calls are held back after failures, and tried again shortly",
  half_open: "Half-open: the next call checks whether it works again",
};

function Row(props: { label: string; testId?: string; children: JSX.Element }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.children}</dd>
    </div>
  );
}

function When(props: { at: string | null }) {
  return (
    <Show when={props.at} fallback={<span class="muted">never</span>}>
      {(at) => (
        <time datetime={at()} title={formatDateTime(at(), true)}>
          {formatDateTime(at())} ({formatRelative(at())})
        </time>
      )}
    </Show>
  );
}

/** What GET /api/v1/integrations says of one integration. */
function Health(props: { name: IntegrationName; status: IntegrationStatus | undefined; circuitLabel?: string }) {
  return (
    <Show when={props.status} fallback={<p class="muted">Loading health…</p>}>
      {(status) => (
        <dl class="meta meta-rows" data-testid={`${props.name}-health`} data-circuit={status().circuit_state} data-configured={String(status().configured)}>
          <Row label="Configured">{status().configured ? "Yes" : "No"}</Row>
          <Row label="Last success" testId={`${props.name}-last-success`}>
            <When at={status().last_success} />
          </Row>
          <Row label="Last error" testId={`${props.name}-last-error`}>
            <Show when={status().last_error} fallback={<span class="muted">none</span>}>
              {(error) => (
                <span class="integration-error">
                  {error().message} · <When at={error().at} />
                </span>
              )}
            </Show>
          </Row>
          <Row label="Circuit" testId={`${props.name}-circuit`}>
            {status().circuit_state === "open" && props.circuitLabel ? props.circuitLabel : CIRCUIT[status().circuit_state]}
          </Row>
          <Row label="Events waiting" testId={`${props.name}-waiting`}>
            {formatCount(status().events_waiting)}
          </Row>
          <Row label="Events dropped" testId={`${props.name}-dropped`}>
            {formatCount(status().events_dropped)}
          </Row>
        </dl>
      )}
    </Show>
  );
}

/** "Test connection": a live check with the store's saved credentials; health is reloaded after it. */
function TestConnection(props: { name: IntegrationName; label: string; onTested: () => void }) {
  const [running, setRunning] = createSignal(false);
  const [result, setResult] = createSignal<IntegrationTest>();
  const [error, setError] = createSignal<ApiError>();

  async function run() {
    setRunning(true);
    setError(undefined);
    try {
      setResult(await api.testIntegration(props.name));
    } catch (caught) {
      setResult(undefined);
      setError(asApiError(caught));
    } finally {
      setRunning(false);
      props.onTested();
    }
  }

  return (
    <div class="integration-test">
      <button type="button" class="button" onClick={run} disabled={running()} data-testid={`${props.name}-test`}>
        {running() ? "Testing…" : `Test ${props.label} connection`}
      </button>
      <div role="status" aria-live="polite">
        <Show when={result()}>
          {(outcome) => (
            <div class={`notice ${outcome().ok ? "notice-ok" : "notice-error"}`} data-testid={`${props.name}-test-result`} data-ok={String(outcome().ok)}>
              <strong>{outcome().ok ? "Connected" : "Failed"}</strong>
              <span>{outcome().detail}</span>
              <Show when={outcome().messages.length > 0}>
                <ul>
                  <For each={outcome().messages}>
                    {(message) => (
                      <li>
                        <code>{message.field}</code>: {message.description} ({message.code})
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          )}
        </Show>
      </div>
      <ProblemNotice error={error()} />
    </div>
  );
}

/**
 * A write-only secret: the saved one is only ever described ("configured, ends in 1a2b"); typing
 * replaces it, and "remove" clears it. The input starts empty and is emptied after each save.
 */
function SecretField(props: {
  id: string;
  label: string;
  status: SecretStatus;
  value: string;
  remove: boolean;
  error?: string;
  onInput: (value: string) => void;
  onRemove: (remove: boolean) => void;
}) {
  const described = () => [`${props.id}-status`, props.error ? `${props.id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label class="label" for={props.id}>
        {props.status.configured ? `Replace the ${props.label}` : props.label}
      </label>
      <span id={`${props.id}-status`} class="muted" data-testid={`${props.id}-status`}>
        {props.status.configured ? `configured, ends in ${props.status.last4 ?? "…"}` : "not configured"}
      </span>
      <input
        id={props.id}
        type="password"
        autocomplete="new-password"
        spellcheck={false}
        value={props.value}
        disabled={props.remove}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described()}
        data-testid={props.id}
      />
      <Show when={props.status.configured}>
        <label class="check">
          <input type="checkbox" checked={props.remove} onChange={(event) => props.onRemove(event.currentTarget.checked)} data-testid={`${props.id}-remove`} />
          Remove the saved {props.label}
        </label>
      </Show>
      <Show when={props.error}>
        <span id={`${props.id}-error`} class="field-error">
          {props.error}
        </span>
      </Show>
    </div>
  );
}

/** The secret part of a patch: null removes, a new value replaces, nothing typed leaves it. */
function secretPatch(value: string, remove: boolean): { value?: string | null } {
  if (remove) return { value: null };
  return value.trim() ? { value: value.trim() } : {};
}

/** Saves one settings object; a 422's messages go to `error` for the fields to show. */
function useSave(onSaved: (settings: StoreSettings) => void) {
  const [saving, setSaving] = createSignal(false);
  const [error, setError] = createSignal<ApiError>();
  const [message, setMessage] = createSignal<string>();
  async function save(patch: SettingsPatch, hasChanges: boolean) {
    setError(undefined);
    if (!hasChanges) return setMessage("Nothing to save.");
    setSaving(true);
    setMessage(undefined);
    try {
      onSaved((await api.updateSettings(patch)) ?? (await api.settings()));
      setMessage("Saved.");
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setSaving(false);
    }
  }
  return { saving, error, message, save };
}

function SaveBar(props: { name: string; saving: boolean; message: string | undefined }) {
  return (
    <div class="form-actions">
      <button type="submit" class="button button-primary" disabled={props.saving} data-testid={`${props.name}-save`}>
        {props.saving ? "Saving…" : "Save"}
      </button>
      <span role="status" class="muted" data-testid={`${props.name}-message`}>
        {props.message}
      </span>
    </div>
  );
}

function FormProblem(props: { error: ApiError | undefined; others: { field: string; message: string }[] }) {
  return (
    <Show when={props.error}>
      {(error) => (
        <div class="notice notice-error" role="alert" data-testid="error">
          <strong>{error().problem.title}</strong>
          <Show when={error().problem.detail}>
            <span>— {error().problem.detail}</span>
          </Show>
          <Show when={props.others.length > 0}>
            <FieldErrorList errors={props.others} />
          </Show>
        </div>
      )}
    </Show>
  );
}

type FlowsState = { state: "idle" | "loading" | "loaded" | "failed"; list?: KlaviyoFlows; error?: ApiError };

/** The recovery flows rule 4 counts, picked from the account's flows (ids no longer listed stay visible). */
function FlowPicker(props: { configured: boolean; keyTag: string | null; selected: string[]; error?: string; onChange: (ids: string[]) => void }) {
  const [flows, setFlows] = createStore<FlowsState>({ state: "idle" });
  async function load() {
    setFlows({ state: "loading", error: undefined });
    try {
      setFlows({ state: "loaded", list: await api.klaviyoFlows() });
    } catch (caught) {
      setFlows({ state: "failed", error: asApiError(caught) });
    }
  }
  // Loaded when a key is saved, again when it is replaced: the flows are the key's account's.
  createEffect(on(() => props.keyTag, (tag) => (tag === null ? setFlows({ state: "idle", list: undefined, error: undefined }) : void load())));
  const listed = () => new Set(flows.list?.data.map((flow) => flow.id) ?? []);
  const unlisted = () => (flows.state === "loaded" ? props.selected.filter((id) => !listed().has(id)) : props.selected);
  const toggle = (id: string, on: boolean) => props.onChange(on ? [...props.selected, id] : props.selected.filter((other) => other !== id));

  return (
    <fieldset class="flow-picker" aria-describedby="klaviyo-flows-hint" data-testid="klaviyo-flows" data-state={flows.state}>
      <legend class="label">Recovery flows to respect</legend>
      <p id="klaviyo-flows-hint" class="muted">
        An email from a flow ticked here, sent within the look-back, holds Reva's email. With none ticked, Reva counts Klaviyo emails whose flow, campaign or
        subject mentions abandon, cart or checkout.
      </p>
      <Show when={!props.configured}>
        <p class="muted">Save a Klaviyo API key to pick from your flows.</p>
      </Show>
      <Show when={props.configured}>
        <div class="flow-actions">
          <button type="button" class="button button-small" onClick={load} disabled={flows.state === "loading"} data-testid="klaviyo-flows-load">
            {flows.state === "loaded" ? "Reload flows" : "Load flows"}
          </button>
          <Show when={flows.state === "loading"}>
            <span class="muted">Loading flows from Klaviyo…</span>
          </Show>
        </div>
      </Show>
      <ProblemNotice error={flows.error} />
      <Show when={flows.state === "loaded" && flows.list?.data.length === 0}>
        <p class="muted" data-testid="klaviyo-flows-empty">
          This Klaviyo account has no flows yet.
        </p>
      </Show>
      <ul class="flow-list">
        <For each={flows.list?.data ?? []}>
          {(flow) => (
            <li>
              <label class="check">
                <input
                  type="checkbox"
                  value={flow.id}
                  checked={props.selected.includes(flow.id)}
                  onChange={(event) => toggle(flow.id, event.currentTarget.checked)}
                  data-testid="klaviyo-flow"
                  data-flow-id={flow.id}
                />
                <span>
                  {flow.name} <span class="muted">· {flow.status}{flow.trigger_type ? ` · ${flow.trigger_type}` : ""}</span>
                </span>
              </label>
            </li>
          )}
        </For>
        <For each={unlisted()}>
          {(id) => (
            <li>
              <label class="check">
                <input type="checkbox" value={id} checked onChange={(event) => toggle(id, event.currentTarget.checked)} data-testid="klaviyo-flow" data-flow-id={id} />
                <span>
                  <code>{id}</code> <span class="muted">· {flows.state === "loaded" ? "not among the account's flows" : "saved"}</span>
                </span>
              </label>
            </li>
          )}
        </For>
      </ul>
      <Show when={flows.list?.more}>
        <p class="muted">Showing the first 150 flows by name.</p>
      </Show>
      <Show when={props.error}>
        <span class="field-error">{props.error}</span>
      </Show>
    </fieldset>
  );
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");

type KlaviyoForm = { api_key: string; remove_key: boolean; policy: "skip" | "defer"; lookback_hours: string; recovery_flow_ids: string[] };
const klaviyoForm = (s: StoreSettings): KlaviyoForm => ({
  api_key: "",
  remove_key: false,
  policy: s.klaviyo.policy,
  lookback_hours: String(s.klaviyo.lookback_hours),
  recovery_flow_ids: [...s.klaviyo.recovery_flow_ids],
});

/** An hours field as the API gets it: empty is null so the API names the field. */
const hours = (value: string) => (value.trim() === "" ? null : Number(value));

function KlaviyoSettings(props: { saved: StoreSettings; onSaved: (settings: StoreSettings) => void }) {
  const [form, setForm] = createStore<KlaviyoForm>(klaviyoForm(props.saved));
  const saving = useSave((updated) => {
    setForm(klaviyoForm(updated));
    props.onSaved(updated);
  });
  const errors = () => fieldErrorsUnder(saving.error(), "klaviyo");

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const saved = props.saved.klaviyo;
    const secret = secretPatch(form.api_key, form.remove_key);
    const klaviyo: NonNullable<SettingsPatch["klaviyo"]> = {
      ...("value" in secret ? { api_key: secret.value } : {}),
      ...(form.policy !== saved.policy ? { policy: form.policy } : {}),
      ...(form.lookback_hours !== String(saved.lookback_hours) ? { lookback_hours: hours(form.lookback_hours) as number } : {}),
      ...(!sameIds(form.recovery_flow_ids, saved.recovery_flow_ids) ? { recovery_flow_ids: [...form.recovery_flow_ids] } : {}),
    };
    void saving.save({ klaviyo }, Object.keys(klaviyo).length > 0);
  }

  return (
    <form onSubmit={submit} novalidate data-testid="klaviyo-form">
      <FormProblem error={saving.error()} others={otherFieldErrors(saving.error(), "klaviyo", ["api_key", "policy", "lookback_hours", "recovery_flow_ids"])} />
      <div class="form-grid">
        <SecretField
          id="klaviyo-api-key"
          label="Klaviyo private API key"
          status={props.saved.klaviyo.api_key}
          value={form.api_key}
          remove={form.remove_key}
          error={errors().api_key}
          onInput={(value) => setForm("api_key", value)}
          onRemove={(remove) => setForm("remove_key", remove)}
        />
        <label class="field">
          <span class="label">When Klaviyo already sent a recovery email</span>
          <select
            value={form.policy}
            onChange={(event) => setForm("policy", event.currentTarget.value as KlaviyoForm["policy"])}
            aria-invalid={errors().policy ? "true" : undefined}
            data-testid="klaviyo-policy"
          >
            <option value="skip">Skip Reva's email</option>
            <option value="defer">Defer it until the look-back has passed</option>
          </select>
          <Show when={errors().policy}>
            <span class="field-error">{errors().policy}</span>
          </Show>
        </label>
        <label class="field">
          <span class="label">Look-back (hours)</span>
          <input
            type="number"
            min="1"
            step="1"
            inputmode="numeric"
            value={form.lookback_hours}
            onInput={(event) => setForm("lookback_hours", event.currentTarget.value)}
            aria-invalid={errors().lookback_hours ? "true" : undefined}
            aria-describedby={errors().lookback_hours ? "klaviyo-lookback-error" : undefined}
            data-testid="klaviyo-lookback"
          />
          <Show when={errors().lookback_hours}>
            <span id="klaviyo-lookback-error" class="field-error" data-testid="klaviyo-lookback-error">
              {errors().lookback_hours}
            </span>
          </Show>
        </label>
      </div>
      <FlowPicker
        configured={props.saved.klaviyo.api_key.configured}
        keyTag={props.saved.klaviyo.api_key.configured ? (props.saved.klaviyo.api_key.last4 ?? "") : null}
        selected={form.recovery_flow_ids}
        error={errors().recovery_flow_ids}
        onChange={(ids) => setForm("recovery_flow_ids", ids)}
      />
      <SaveBar name="klaviyo" saving={saving.saving()} message={saving.message()} />
    </form>
  );
}

type Ga4Form = { measurement_id: string; api_secret: string; remove_secret: boolean; send_purchase: boolean };
const ga4Form = (s: StoreSettings): Ga4Form => ({ measurement_id: s.ga4.measurement_id ?? "", api_secret: "", remove_secret: false, send_purchase: s.ga4.send_purchase });

function Ga4Settings(props: { saved: StoreSettings; onSaved: (settings: StoreSettings) => void }) {
  const [form, setForm] = createStore<Ga4Form>(ga4Form(props.saved));
  const saving = useSave((updated) => {
    setForm(ga4Form(updated));
    props.onSaved(updated);
  });
  const errors = () => fieldErrorsUnder(saving.error(), "ga4");

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const saved = props.saved.ga4;
    const secret = secretPatch(form.api_secret, form.remove_secret);
    const measurementId = form.measurement_id.trim() || null;
    const ga4: NonNullable<SettingsPatch["ga4"]> = {
      ...(measurementId !== saved.measurement_id ? { measurement_id: measurementId } : {}),
      ...("value" in secret ? { api_secret: secret.value } : {}),
      ...(form.send_purchase !== saved.send_purchase ? { send_purchase: form.send_purchase } : {}),
    };
    void saving.save({ ga4 }, Object.keys(ga4).length > 0);
  }

  return (
    <form onSubmit={submit} novalidate data-testid="ga4-form">
      <FormProblem error={saving.error()} others={otherFieldErrors(saving.error(), "ga4", ["measurement_id", "api_secret", "send_purchase"])} />
      <div class="form-grid">
        <label class="field">
          <span class="label">Measurement id</span>
          <input
            type="text"
            placeholder="G-ABC123"
            autocomplete="off"
            spellcheck={false}
            value={form.measurement_id}
            onInput={(event) => setForm("measurement_id", event.currentTarget.value)}
            aria-invalid={errors().measurement_id ? "true" : undefined}
            aria-describedby={errors().measurement_id ? "ga4-measurement-id-error" : undefined}
            data-testid="ga4-measurement-id"
          />
          <Show when={errors().measurement_id}>
            <span id="ga4-measurement-id-error" class="field-error" data-testid="ga4-measurement-id-error">
              {errors().measurement_id}
            </span>
          </Show>
        </label>
        <SecretField
          id="ga4-api-secret"
          label="Measurement Protocol API secret"
          status={props.saved.ga4.api_secret}
          value={form.api_secret}
          remove={form.remove_secret}
          error={errors().api_secret}
          onInput={(value) => setForm("api_secret", value)}
          onRemove={(remove) => setForm("remove_secret", remove)}
        />
      </div>
      <label class="check">
        <input type="checkbox" checked={form.send_purchase} onChange={(event) => setForm("send_purchase", event.currentTarget.checked)} data-testid="ga4-send-purchase" />
        Also send GA4's purchase event for recovered orders (leave off when the storefront sends its own)
      </label>
      <Show when={errors().send_purchase}>
        <span class="field-error">{errors().send_purchase}</span>
      </Show>
      <SaveBar name="ga4" saving={saving.saving()} message={saving.message()} />
    </form>
  );
}

/** Resend is the Worker's (RESEND_API_KEY), not the store's: its mode and the store's sending pause, read-only. */
function ResendState(props: { status: IntegrationStatus | undefined }) {
  return (
    <Show when={props.status}>
      {(status) => (
        <>
          <p data-testid="resend-mode" data-mode={status().configured ? "resend" : "outbox"}>
            <Show
              when={status().configured}
              fallback={
                <>
                  <strong>Outbox mode.</strong> The Worker has no Resend key (<code>RESEND_API_KEY</code>): emails are rendered and kept in the Outbox, never sent.
                </>
              }
            >
              <strong>Sending through Resend.</strong>
            </Show>
          </p>
          <Show when={status().circuit_state === "open"}>
            <div class="notice notice-error" role="alert" data-testid="resend-paused">
              <strong>Sending is paused for this store.</strong>
              <span>
                Resend refused the account or the sending domain{status().last_error ? `: ${status().last_error!.message}` : ""}. Emails wait and go out once it
                works: fix it in Resend, then test the connection.
              </span>
            </div>
          </Show>
        </>
      )}
    </Show>
  );
}

export function Integrations() {
  const [settings, setSettings] = createSignal<StoreSettings>();
  const [error, setError] = createSignal<ApiError>();
  const health = createPoll<IntegrationHealth>(api.integrations);

  async function load() {
    setError(undefined);
    try {
      setSettings(await api.settings());
    } catch (caught) {
      setError(asApiError(caught));
    }
  }
  void load();

  const saved = (updated: StoreSettings) => {
    setSettings(updated);
    void health.refresh();
  };
  const refreshHealth = () => void health.refresh();

  return (
    <section aria-labelledby="integrations-title">
      <header class="page-header">
        <h1 id="integrations-title">Integrations</h1>
        <LiveIndicator updatedAt={health.updatedAt()} error={health.error()} />
      </header>
      <ProblemNotice error={health.error()} onRetry={refreshHealth} />
      <ProblemNotice error={error()} onRetry={load} />
      <Show when={settings()} fallback={<Show when={!error()}><p class="muted">Loading integrations…</p></Show>}>
        {(current) => (
          <div class="integrations">
            <Card id="klaviyo" title="Klaviyo" testId="integration-klaviyo">
              <p class="muted">Reva asks Klaviyo whether it already sent this shopper a recovery email, and sends Klaviyo its own email and conversion events.</p>
              <KlaviyoSettings saved={current()} onSaved={saved} />
              <h3>Health</h3>
              <Health name="klaviyo" status={health.data()?.klaviyo} />
              <TestConnection name="klaviyo" label="Klaviyo" onTested={refreshHealth} />
            </Card>
            <Card id="ga4" title="Google Analytics 4" testId="integration-ga4">
              <p class="muted">Recovery emails, popups and conversions go to GA4 through the Measurement Protocol.</p>
              <Ga4Settings saved={current()} onSaved={saved} />
              <h3>Health</h3>
              <Health name="ga4" status={health.data()?.ga4} />
              <TestConnection name="ga4" label="GA4" onTested={refreshHealth} />
            </Card>
            <Card id="resend" title="Resend (email sending)" testId="integration-resend">
              <ResendState status={health.data()?.resend} />
              <h3>Health</h3>
              <Health name="resend" status={health.data()?.resend} circuitLabel="Open: sending is paused for this store" />
              <TestConnection name="resend" label="Resend" onTested={refreshHealth} />
            </Card>
          </div>
        )}
      </Show>
    </section>
  );
}
