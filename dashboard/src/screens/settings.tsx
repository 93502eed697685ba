import { createSignal, For, type JSX, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { api, ApiError } from "../api";
import { FieldErrorList, ProblemNotice } from "../components/problem-notice";
import { formatDelay, humanize } from "../format";
import type { ConsentMode, SecretStatus, SettingsPatch, Step, StoreSettings } from "../types";
import { Card } from "../components/card";

const DELAY_UNITS = [
  { name: "seconds", seconds: 1 },
  { name: "minutes", seconds: 60 },
  { name: "hours", seconds: 3_600 },
  { name: "days", seconds: 86_400 },
] as const;

interface DelayInput {
  amount: string;
  unit: number;
}

/** Picks the largest unit that expresses the delay exactly (86400 s → 1 day). */
function toDelayInput(seconds: number): DelayInput {
  const unit = [...DELAY_UNITS].reverse().find((candidate) => seconds % candidate.seconds === 0) ?? DELAY_UNITS[0];
  return { amount: String(seconds / unit.seconds), unit: unit.seconds };
}

interface Form {
  name: string;
  from_email: string;
  from_name: string;
  consent_mode: ConsentMode;
  delays: DelayInput[];
}

function toForm(settings: StoreSettings): Form {
  return {
    name: settings.name ?? "",
    from_email: settings.from_email ?? "",
    from_name: settings.from_name ?? "",
    consent_mode: settings.consent_mode,
    delays: (settings.steps ?? []).map((step) => toDelayInput(step.delay_seconds)),
  };
}

function buildPatch(form: Form, saved: StoreSettings): SettingsPatch {
  const patch: SettingsPatch = {};
  if (form.name !== saved.name) patch.name = form.name;
  if (form.from_email !== saved.from_email) patch.from_email = form.from_email;
  if (form.from_name !== (saved.from_name ?? "")) patch.from_name = form.from_name;
  if (form.consent_mode !== saved.consent_mode) patch.consent_mode = form.consent_mode;
  const steps: Step[] = saved.steps.map((step, index) => ({
    ...step,
    delay_seconds: Number(form.delays[index].amount) * form.delays[index].unit,
  }));
  if (steps.some((step, index) => step.delay_seconds !== saved.steps[index].delay_seconds)) patch.steps = steps;
  return patch;
}

/** Maps API field names like `steps[1].delay_seconds` or `steps.1.delay_seconds` to a step index. */
function stepIndexOf(field: string): number | undefined {
  const match = /^steps(?:\[(\d+)\]|\.(\d+))/.exec(field);
  return match ? Number(match[1] ?? match[2]) : undefined;
}

function Secret(props: { value: SecretStatus | undefined }) {
  return (
    <Show when={props.value?.configured} fallback={<span class="muted">not configured</span>}>
      <span data-testid="secret-configured">
        configured <span class="secret">••••{props.value?.last4 ?? ""}</span>
      </span>
    </Show>
  );
}

function Row(props: { label: string; children: JSX.Element }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function TextField(props: {
  label: string;
  name: keyof Form;
  type?: string;
  value: string;
  error?: string;
  onInput: (value: string) => void;
}) {
  const errorId = `${props.name}-error`;
  return (
    <label class="field">
      <span class="label">{props.label}</span>
      <input
        type={props.type ?? "text"}
        name={props.name}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? errorId : undefined}
        data-testid={`settings-${props.name}`}
      />
      <Show when={props.error}>
        <span id={errorId} class="field-error">
          {props.error}
        </span>
      </Show>
    </label>
  );
}

function SettingsForm(props: { initial: StoreSettings; onSaved: (settings: StoreSettings) => void }) {
  const [saved, setSaved] = createSignal(props.initial);
  const [form, setForm] = createStore<Form>(toForm(props.initial));
  const [saving, setSaving] = createSignal(false);
  const [error, setError] = createSignal<ApiError>();
  const [message, setMessage] = createSignal<string>();

  const fieldErrors = () => error()?.fieldErrors() ?? {};
  const stepError = (index: number) =>
    Object.entries(fieldErrors()).find(([field]) => stepIndexOf(field) === index)?.[1];
  const unmatchedErrors = () => {
    const known = new Set(["name", "from_email", "from_name", "consent_mode"]);
    return (error()?.problem.errors ?? []).filter(
      ({ field }) => !known.has(field) && stepIndexOf(field) === undefined,
    );
  };

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const patch = buildPatch(form, saved());
    if (Object.keys(patch).length === 0) {
      setMessage("Nothing to save.");
      return;
    }
    setSaving(true);
    setError(undefined);
    setMessage(undefined);
    try {
      const updated = (await api.updateSettings(patch)) ?? (await api.settings());
      setSaved(updated);
      setForm(toForm(updated));
      props.onSaved(updated);
      setMessage("Settings saved.");
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form class="card" onSubmit={submit} novalidate data-testid="settings-form">
      <h2>Store and sender</h2>
      <Show when={error()}>
        {(problem) => (
          <div class="notice notice-error" role="alert" data-testid="error">
            <strong>{problem().problem.title}</strong>
            <Show when={problem().problem.detail}> — {problem().problem.detail}</Show>
            <Show when={unmatchedErrors().length}>
              <FieldErrorList errors={unmatchedErrors()} />
            </Show>
          </div>
        )}
      </Show>
      <div class="form-grid">
        <TextField label="Store name" name="name" value={form.name} error={fieldErrors().name} onInput={(v) => setForm("name", v)} />
        <TextField
          label="From email"
          name="from_email"
          type="email"
          value={form.from_email}
          error={fieldErrors().from_email}
          onInput={(v) => setForm("from_email", v)}
        />
        <TextField
          label="From name"
          name="from_name"
          value={form.from_name}
          error={fieldErrors().from_name}
          onInput={(v) => setForm("from_name", v)}
        />
        <label class="field">
          <span class="label">Consent</span>
          <select
            name="consent_mode"
            value={form.consent_mode}
            onChange={(event) => setForm("consent_mode", event.currentTarget.value as ConsentMode)}
            aria-invalid={fieldErrors().consent_mode ? "true" : undefined}
            data-testid="settings-consent_mode"
          >
            <option value="marketing_only">Marketing opt-in only</option>
            <option value="all">All shoppers</option>
          </select>
          <Show when={fieldErrors().consent_mode}>
            <span class="field-error">{fieldErrors().consent_mode}</span>
          </Show>
        </label>
      </div>

      <h2>Recovery steps</h2>
      <p class="muted">Delays count from the cart's last activity.</p>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Channel</th>
              <th scope="col">Delay after abandonment</th>
            </tr>
          </thead>
          <tbody>
            <For each={saved().steps}>
              {(step, index) => (
                <tr data-testid="settings-step">
                  <th scope="row">
                    <code>{step.id}</code>
                  </th>
                  <td>{humanize(step.channel)}</td>
                  <td>
                    <div class="delay">
                      <input
                        type="number"
                        min="1"
                        step="1"
                        inputmode="numeric"
                        aria-label={`Delay amount for ${step.id}`}
                        value={form.delays[index()]?.amount ?? ""}
                        onInput={(event) => setForm("delays", index(), "amount", event.currentTarget.value)}
                        aria-invalid={stepError(index()) ? "true" : undefined}
                        data-testid={`settings-delay-${step.id}`}
                      />
                      <select
                        aria-label={`Delay unit for ${step.id}`}
                        value={String(form.delays[index()]?.unit ?? 1)}
                        onChange={(event) => setForm("delays", index(), "unit", Number(event.currentTarget.value))}
                      >
                        <For each={DELAY_UNITS}>{(unit) => <option value={String(unit.seconds)}>{unit.name}</option>}</For>
                      </select>
                    </div>
                    <Show when={stepError(index())}>
                      <span class="field-error">{stepError(index())}</span>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>

      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={saving()} data-testid="settings-save">
          {saving() ? "Saving…" : "Save changes"}
        </button>
        <Show when={message()}>
          <span role="status" class="muted" data-testid="settings-message">
            {message()}
          </span>
        </Show>
      </div>
    </form>
  );
}

function ReadOnlySettings(props: { settings: StoreSettings }) {
  const s = () => props.settings;
  return (
    <div class="grid-2">
      <Card id="rules" title="Sending rules">
        <dl class="meta meta-rows">
          <Row label="Domains">{(s().domains ?? []).join(", ") || "—"}</Row>
          <Row label="Timezone / locale">
            {s().timezone} · {s().locale}
          </Row>
          <Row label="Currency">{s().currency}</Row>
          <Row label="Frequency cap">
            {s().frequency_cap
              ? `${s().frequency_cap.max_emails} email${s().frequency_cap.max_emails === 1 ? "" : "s"} per ${s().frequency_cap.per_hours} h`
              : "—"}
          </Row>
          <Row label="Daily send limit">{s().daily_send_limit ?? "none"}</Row>
          <Row label="Quiet hours">{s().quiet_hours ? `${s().quiet_hours!.start}–${s().quiet_hours!.end}` : "none"}</Row>
          <Row label="Attribution window">{s().attribution_window_days} days</Row>
          <Row label="When an integration fails">{s().failure_policy === "defer" ? "Defer the email" : "Send anyway"}</Row>
          <Row label="Reply-to">{s().reply_to || "—"}</Row>
          <Row label="Postal address">{s().address || "—"}</Row>
        </dl>
      </Card>
      <Card id="integrations" title="Popup and integrations">
        <dl class="meta meta-rows">
          <Show when={s().publishable_key}>
            <Row label="Publishable key">
              <code>{s().publishable_key}</code> ·{" "}
              <a href={`/demo?key=${encodeURIComponent(s().publishable_key!)}`}>demo storefront</a>
            </Row>
          </Show>
          <Show when={s().popup}>
            <Row label="Popup">
              after {formatDelay(s().popup.delay_seconds)}, hidden {s().popup.dismiss_hours} h when dismissed
            </Row>
            <Row label="Popup copy">
              “{s().popup.title}” · {s().popup.cta} / {s().popup.dismiss_label}
            </Row>
          </Show>
          <Row label="Klaviyo API key">
            <Secret value={s().klaviyo?.api_key} />
          </Row>
          <Show when={s().klaviyo}>
            <Row label="Klaviyo policy">
              {humanize(s().klaviyo.policy)} within {s().klaviyo.lookback_hours} h
            </Row>
          </Show>
          <Row label="GA4 measurement id">{s().ga4?.measurement_id || "—"}</Row>
          <Row label="GA4 API secret">
            <Secret value={s().ga4?.api_secret} />
          </Row>
          <Row label="Resend rate">{s().resend?.requests_per_second ?? "—"} requests/s</Row>
        </dl>
      </Card>
    </div>
  );
}

export function Settings(props: { onSaved: (settings: StoreSettings) => void }) {
  // Always read fresh settings before showing the form, so nothing resets it mid-edit.
  const [settings, setSettings] = createSignal<StoreSettings>();
  const [error, setError] = createSignal<ApiError>();

  async function load() {
    try {
      setSettings(await api.settings());
      setError(undefined);
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    }
  }
  void load();

  return (
    <section aria-labelledby="settings-title">
      <header class="page-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <ProblemNotice error={error()} onRetry={load} />
      <Show when={settings()} keyed fallback={<Show when={!error()}><p class="muted">Loading settings…</p></Show>}>
        {(loaded) => (
          <>
            <SettingsForm initial={loaded} onSaved={props.onSaved} />
            <ReadOnlySettings settings={loaded} />
          </>
        )}
      </Show>
    </section>
  );
}
