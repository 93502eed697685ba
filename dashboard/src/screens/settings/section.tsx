import { createSignal, For, type JSX, Show } from "solid-js";
import { api, ApiError } from "../../api";
import type { SettingsPatch, StoreSettings } from "../../types";

/** What every settings section gets: the settings as last saved, and who to tell when it saves. */
export interface SectionProps {
  saved: () => StoreSettings;
  onSaved: (settings: StoreSettings) => void;
}

/** An API field name (`steps.1.delay_seconds`) belongs to a control named `field` when it is that field or inside it. */
const within = (name: string, field: string) => name === field || name.startsWith(`${field}.`);

/**
 * One section's save: sends only what changed, keeps the API's problem so each control can show
 * the message for its own field, and reports the outcome in a status line.
 */
export function createSectionSave(props: SectionProps) {
  const [saving, setSaving] = createSignal(false);
  const [error, setError] = createSignal<ApiError>();
  const [message, setMessage] = createSignal<string>();

  async function save(patch: SettingsPatch): Promise<StoreSettings | undefined> {
    setMessage(undefined);
    if (Object.keys(patch).length === 0) {
      setError(undefined);
      setMessage("Nothing to save.");
      return undefined;
    }
    setSaving(true);
    try {
      const updated = (await api.updateSettings(patch)) ?? (await api.settings());
      setError(undefined);
      props.onSaved(updated);
      setMessage("Saved.");
      return updated;
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, { title: "Could not save", detail: String(caught) }));
      return undefined;
    } finally {
      setSaving(false);
    }
  }

  /** The first message for `field` or anything inside it (e.g. `quiet_hours.start` for `quiet_hours`). */
  const fieldError = (field: string) => error()?.problem.errors?.find((e) => within(e.field, field))?.message;
  /** Messages no control of the section shows (so none is lost). */
  const otherErrors = (fields: readonly string[]) => (error()?.problem.errors ?? []).filter((e) => !fields.some((field) => within(e.field, field)));

  return { saving, error, setError, message, save, fieldError, otherErrors };
}

export type SectionSave = ReturnType<typeof createSectionSave>;

/** A settings section: its own form, its own problem notice and its own save button. */
export function SectionForm(props: {
  id: string;
  title: string;
  description?: string;
  state: SectionSave;
  /** The fields this section's controls show errors for; other errors are listed in the notice. */
  fields: readonly string[];
  onSubmit: () => void;
  children: JSX.Element;
}) {
  const others = () => props.state.otherErrors(props.fields);
  return (
    <form
      class="card settings-section"
      aria-labelledby={`${props.id}-title`}
      novalidate
      data-testid={`section-${props.id}`}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <Show when={props.description}>
        <p class="muted">{props.description}</p>
      </Show>
      <Show when={props.state.error()}>
        {(problem) => (
          <div class="notice notice-error" role="alert" data-testid="error">
            <strong>{problem().problem.title}</strong>
            <Show when={problem().problem.errors?.length} fallback={<span> — {problem().problem.detail}</span>}>
              <span> — see the fields marked below.</span>
            </Show>
            <Show when={others().length}>
              <ul>
                <For each={others()}>
                  {(e) => (
                    <li>
                      <code>{e.field}</code>: {e.message}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
        )}
      </Show>
      {props.children}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={props.state.saving()} data-testid={`save-${props.id}`}>
          {props.state.saving() ? "Saving…" : `Save ${props.title.toLowerCase()}`}
        </button>
        <span role="status" class="muted" data-testid={`message-${props.id}`}>
          {props.state.message()}
        </span>
      </div>
    </form>
  );
}
