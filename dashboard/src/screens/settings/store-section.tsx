import { createStore } from "solid-js/store";
import type { SettingsPatch, StoreSettings } from "../../types";
import { TextAreaField, TextField } from "./fields";
import { createSectionSave, SectionForm, type SectionProps } from "./section";

interface StoreForm {
  name: string;
  domains: string;
  from_email: string;
  from_name: string;
  reply_to: string;
  address: string;
  logo_url: string;
  timezone: string;
  currency: string;
  locale: string;
}

const FIELDS = ["name", "domains", "from_email", "from_name", "reply_to", "address", "logo_url", "timezone", "currency", "locale"] as const;

function toForm(s: StoreSettings): StoreForm {
  return {
    name: s.name,
    domains: s.domains.join("\n"),
    from_email: s.from_email,
    from_name: s.from_name,
    reply_to: s.reply_to ?? "",
    address: s.address,
    logo_url: s.logo_url ?? "",
    timezone: s.timezone,
    currency: s.currency,
    locale: s.locale,
  };
}

/** One domain a line (or separated by commas or spaces); blank lines are not domains. */
const parseDomains = (text: string) => text.split(/[\s,]+/).filter(Boolean);
/** An optional field left blank means "none". */
const orNull = (text: string) => (text.trim() === "" ? null : text.trim());

function buildPatch(form: StoreForm, saved: StoreSettings): SettingsPatch {
  const next = {
    name: form.name,
    domains: parseDomains(form.domains),
    from_email: form.from_email.trim(),
    from_name: form.from_name,
    reply_to: orNull(form.reply_to),
    address: form.address,
    logo_url: orNull(form.logo_url),
    timezone: form.timezone.trim(),
    currency: form.currency.trim().toUpperCase(),
    locale: form.locale.trim(),
  } satisfies SettingsPatch;
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(saved[key as keyof typeof next])));
}

/** Time zones the browser knows, offered as suggestions (the API checks the name). */
const timeZones = (): string[] => {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
};

export function StoreSection(props: SectionProps) {
  const state = createSectionSave(props);
  const [form, setForm] = createStore<StoreForm>(toForm(props.saved()));
  const error = (field: string) => state.fieldError(field);

  async function submit() {
    const updated = await state.save(buildPatch(form, props.saved()));
    if (updated) setForm(toForm(updated));
  }

  return (
    <SectionForm id="store" title="Store and sender" state={state} fields={FIELDS} onSubmit={submit}>
      <div class="form-grid">
        <TextField field="name" label="Store name" value={form.name} error={error("name")} onInput={(v) => setForm("name", v)} />
        <TextField field="from_email" label="From email" type="email" inputmode="email" value={form.from_email} error={error("from_email")} onInput={(v) => setForm("from_email", v)} />
        <TextField field="from_name" label="From name" value={form.from_name} error={error("from_name")} onInput={(v) => setForm("from_name", v)} />
        <TextField
          field="reply_to"
          label="Reply-to email"
          type="email"
          inputmode="email"
          hint="Blank: replies go to the from address."
          value={form.reply_to}
          error={error("reply_to")}
          onInput={(v) => setForm("reply_to", v)}
        />
        <TextAreaField
          field="domains"
          label="Store domains"
          hint="One a line; the widget answers only these sites."
          value={form.domains}
          error={error("domains")}
          onInput={(v) => setForm("domains", v)}
        />
        <TextAreaField field="address" label="Postal address" hint="Shown in every email's footer." value={form.address} error={error("address")} onInput={(v) => setForm("address", v)} />
        <TextField
          field="logo_url"
          label="Logo URL"
          type="url"
          inputmode="url"
          placeholder="https://…"
          hint="Blank: the store name is shown instead."
          value={form.logo_url}
          error={error("logo_url")}
          onInput={(v) => setForm("logo_url", v)}
        />
        <TextField field="timezone" label="Time zone" list="settings-timezones" value={form.timezone} error={error("timezone")} onInput={(v) => setForm("timezone", v)} />
        <TextField field="currency" label="Currency" hint="ISO 4217 code, e.g. USD." value={form.currency} error={error("currency")} onInput={(v) => setForm("currency", v)} />
        <TextField field="locale" label="Locale" hint="e.g. en-US: formats prices in emails." value={form.locale} error={error("locale")} onInput={(v) => setForm("locale", v)} />
      </div>
      <datalist id="settings-timezones">
        {timeZones().map((zone) => (
          <option value={zone} />
        ))}
      </datalist>
    </SectionForm>
  );
}
