import { Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { SettingsPatch, StoreSettings } from "../../types";
import { CheckboxField, SelectField, TextField, toNumber } from "./fields";
import { createSectionSave, SectionForm, type SectionProps } from "./section";

interface RulesForm {
  consent_mode: StoreSettings["consent_mode"];
  max_emails: string;
  per_hours: string;
  has_daily_limit: boolean;
  daily_send_limit: string;
  has_quiet_hours: boolean;
  quiet_start: string;
  quiet_end: string;
  attribution_window_days: string;
  abandonment_horizon_days: string;
  failure_policy: StoreSettings["failure_policy"];
  requests_per_second: string;
}

const FIELDS = ["consent_mode", "frequency_cap", "daily_send_limit", "quiet_hours", "attribution_window_days", "abandonment_horizon_days", "failure_policy", "resend"] as const;

const toForm = (s: StoreSettings): RulesForm => ({
  consent_mode: s.consent_mode,
  max_emails: String(s.frequency_cap.max_emails),
  per_hours: String(s.frequency_cap.per_hours),
  has_daily_limit: s.daily_send_limit !== null,
  daily_send_limit: s.daily_send_limit === null ? "" : String(s.daily_send_limit),
  has_quiet_hours: s.quiet_hours !== null,
  quiet_start: s.quiet_hours?.start ?? "21:00",
  quiet_end: s.quiet_hours?.end ?? "08:00",
  attribution_window_days: String(s.attribution_window_days),
  abandonment_horizon_days: String(s.abandonment_horizon_days),
  failure_policy: s.failure_policy,
  requests_per_second: String(s.resend.requests_per_second),
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function buildPatch(form: RulesForm, saved: StoreSettings): SettingsPatch {
  const patch: SettingsPatch = {};
  if (form.consent_mode !== saved.consent_mode) patch.consent_mode = form.consent_mode;
  const cap = { max_emails: toNumber(form.max_emails), per_hours: toNumber(form.per_hours) };
  if (!same(cap, saved.frequency_cap)) patch.frequency_cap = cap;
  const limit = form.has_daily_limit ? toNumber(form.daily_send_limit) : null;
  if (!same(limit, saved.daily_send_limit)) patch.daily_send_limit = limit;
  const quiet = form.has_quiet_hours ? { start: form.quiet_start.trim(), end: form.quiet_end.trim() } : null;
  if (!same(quiet, saved.quiet_hours)) patch.quiet_hours = quiet;
  const window = toNumber(form.attribution_window_days);
  if (!same(window, saved.attribution_window_days)) patch.attribution_window_days = window;
  const horizon = toNumber(form.abandonment_horizon_days);
  if (!same(horizon, saved.abandonment_horizon_days)) patch.abandonment_horizon_days = horizon;
  if (form.failure_policy !== saved.failure_policy) patch.failure_policy = form.failure_policy;
  const rate = toNumber(form.requests_per_second);
  if (!same(rate, saved.resend.requests_per_second)) patch.resend = { requests_per_second: rate };
  return patch;
}

/** Who gets emails, how many and when (SPEC §6, the coordinator's rules). */
export function RulesSection(props: SectionProps) {
  const state = createSectionSave(props);
  const [form, setForm] = createStore<RulesForm>(toForm(props.saved()));
  const error = (field: string) => state.fieldError(field);

  async function submit() {
    const updated = await state.save(buildPatch(form, props.saved()));
    if (updated) setForm(toForm(updated));
  }

  return (
    <SectionForm id="rules" title="Sending rules" state={state} fields={FIELDS} onSubmit={submit}>
      <div class="form-grid">
        <SelectField
          field="consent_mode"
          label="Who gets emails"
          value={form.consent_mode}
          options={[
            { value: "marketing_only", label: "Shoppers who accepted marketing" },
            { value: "all", label: "All shoppers" },
          ]}
          error={error("consent_mode")}
          onChange={(v) => setForm("consent_mode", v)}
        />
        <fieldset class="fieldset">
          <legend class="label">Frequency cap</legend>
          <div class="inline-fields">
            <TextField field="frequency_cap.max_emails" label="At most (emails)" type="number" inputmode="numeric" value={form.max_emails} error={error("frequency_cap.max_emails")} onInput={(v) => setForm("max_emails", v)} />
            <TextField field="frequency_cap.per_hours" label="Per (hours)" type="number" inputmode="numeric" value={form.per_hours} error={error("frequency_cap.per_hours")} onInput={(v) => setForm("per_hours", v)} />
          </div>
        </fieldset>
        <fieldset class="fieldset">
          <legend class="label">Daily send limit</legend>
          <CheckboxField field="daily_send_limit_on" label="Limit emails per day" checked={form.has_daily_limit} onChange={(v) => setForm("has_daily_limit", v)} />
          <Show when={form.has_daily_limit}>
            <TextField field="daily_send_limit" label="Emails per day" type="number" inputmode="numeric" value={form.daily_send_limit} error={error("daily_send_limit")} onInput={(v) => setForm("daily_send_limit", v)} />
          </Show>
          <Show when={!form.has_daily_limit && error("daily_send_limit")}>
            <span class="field-error">{error("daily_send_limit")}</span>
          </Show>
        </fieldset>
        <fieldset class="fieldset">
          <legend class="label">Quiet hours (store time zone)</legend>
          <CheckboxField field="quiet_hours_on" label="Hold emails during quiet hours" checked={form.has_quiet_hours} onChange={(v) => setForm("has_quiet_hours", v)} />
          <Show when={form.has_quiet_hours}>
            <div class="inline-fields">
              <TextField field="quiet_hours.start" label="From (HH:MM)" placeholder="21:00" value={form.quiet_start} error={error("quiet_hours.start")} onInput={(v) => setForm("quiet_start", v)} />
              <TextField field="quiet_hours.end" label="Until (HH:MM)" placeholder="08:00" value={form.quiet_end} error={error("quiet_hours.end")} onInput={(v) => setForm("quiet_end", v)} />
            </div>
          </Show>
        </fieldset>
        <TextField
          field="attribution_window_days"
          label="Attribution window (days)"
          type="number"
          inputmode="numeric"
          hint="An order within this many days of a Reva email or popup counts as recovered."
          value={form.attribution_window_days}
          error={error("attribution_window_days")}
          onInput={(v) => setForm("attribution_window_days", v)}
        />
        <TextField
          field="abandonment_horizon_days"
          label="Ignore carts abandoned longer ago than (days)"
          type="number"
          inputmode="numeric"
          hint="A late webhook or an import starts no emails for older carts."
          value={form.abandonment_horizon_days}
          error={error("abandonment_horizon_days")}
          onInput={(v) => setForm("abandonment_horizon_days", v)}
        />
        <SelectField
          field="failure_policy"
          label="When an integration fails or times out"
          value={form.failure_policy}
          options={[
            { value: "send", label: "Send the email anyway" },
            { value: "defer", label: "Defer the email and retry" },
          ]}
          error={error("failure_policy")}
          onChange={(v) => setForm("failure_policy", v)}
        />
        <TextField
          field="resend.requests_per_second"
          label="Resend requests per second"
          type="number"
          inputmode="numeric"
          hint="Your Resend plan's rate limit (1–100)."
          value={form.requests_per_second}
          error={error("resend.requests_per_second")}
          onInput={(v) => setForm("requests_per_second", v)}
        />
      </div>
    </SectionForm>
  );
}
