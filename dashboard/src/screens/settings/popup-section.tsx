import { createStore } from "solid-js/store";
import type { SettingsPatch, StoreSettings } from "../../types";
import { CheckboxField, TextAreaField, TextField, toNumber } from "./fields";
import { createSectionSave, SectionForm, type SectionProps } from "./section";

type Popup = StoreSettings["popup"];

interface PopupForm {
  delay_seconds: string;
  exit_intent: boolean;
  dismiss_hours: string;
  title: string;
  body: string;
  cta: string;
  dismiss_label: string;
}

const toForm = (popup: Popup): PopupForm => ({
  delay_seconds: String(popup.delay_seconds),
  exit_intent: popup.exit_intent,
  dismiss_hours: String(popup.dismiss_hours),
  title: popup.title,
  body: popup.body,
  cta: popup.cta,
  dismiss_label: popup.dismiss_label,
});

function buildPatch(form: PopupForm, saved: Popup): SettingsPatch {
  const next = {
    delay_seconds: toNumber(form.delay_seconds),
    exit_intent: form.exit_intent,
    dismiss_hours: toNumber(form.dismiss_hours),
    title: form.title,
    body: form.body,
    cta: form.cta,
    dismiss_label: form.dismiss_label,
  };
  const changed = Object.fromEntries(Object.entries(next).filter(([key, value]) => !Object.is(value, saved[key as keyof typeof next])));
  return Object.keys(changed).length ? { popup: changed } : {};
}

/** The storefront popup: when it shows and what it says (A/B variants have a page of their own). */
export function PopupSection(props: SectionProps) {
  const state = createSectionSave(props);
  const [form, setForm] = createStore<PopupForm>(toForm(props.saved().popup));
  const error = (field: keyof PopupForm) => state.fieldError(`popup.${field}`);

  async function submit() {
    const updated = await state.save(buildPatch(form, props.saved().popup));
    if (updated) setForm(toForm(updated.popup));
  }

  return (
    <SectionForm id="popup" title="Popup" description="Shown on the storefront to a shopper whose cart is waiting." state={state} fields={["popup"]} onSubmit={submit}>
      <div class="form-grid">
        <TextField
          field="popup.delay_seconds"
          label="Delay on the page (seconds)"
          type="number"
          inputmode="numeric"
          hint="0 to 3600."
          value={form.delay_seconds}
          error={error("delay_seconds")}
          onInput={(v) => setForm("delay_seconds", v)}
        />
        <TextField
          field="popup.dismiss_hours"
          label="Hidden after a dismissal (hours)"
          type="number"
          inputmode="numeric"
          value={form.dismiss_hours}
          error={error("dismiss_hours")}
          onInput={(v) => setForm("dismiss_hours", v)}
        />
        <CheckboxField
          field="popup.exit_intent"
          label="Also show on exit intent (desktop)"
          checked={form.exit_intent}
          error={error("exit_intent")}
          onChange={(v) => setForm("exit_intent", v)}
        />
        <TextField field="popup.title" label="Title" value={form.title} error={error("title")} onInput={(v) => setForm("title", v)} />
        <TextAreaField field="popup.body" label="Text" value={form.body} error={error("body")} onInput={(v) => setForm("body", v)} />
        <TextField field="popup.cta" label="Button label" value={form.cta} error={error("cta")} onInput={(v) => setForm("cta", v)} />
        <TextField field="popup.dismiss_label" label="Dismiss label" value={form.dismiss_label} error={error("dismiss_label")} onInput={(v) => setForm("dismiss_label", v)} />
      </div>
    </SectionForm>
  );
}
