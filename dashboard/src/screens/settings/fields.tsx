import { For, type JSX, Show, splitProps } from "solid-js";

/** `popup.title` → `popup-title`: an API field name as an element id. */
export const fieldId = (field: string) => `setting-${field.replace(/[^A-Za-z0-9_-]+/g, "-")}`;

/** A label, a control and, below it, the API's message for that field (announced and linked to the control). */
function FieldShell(props: { field: string; label: string; hint?: string; error?: string; inline?: boolean; children: JSX.Element }) {
  return (
    <div class="field" classList={{ "field-inline": props.inline }} data-field={props.field}>
      <Show when={!props.inline}>
        <label class="label" for={fieldId(props.field)}>
          {props.label}
        </label>
      </Show>
      {props.children}
      <Show when={props.inline}>
        <label class="label" for={fieldId(props.field)}>
          {props.label}
        </label>
      </Show>
      <Show when={props.hint}>
        <span id={`${fieldId(props.field)}-hint`} class="muted field-hint">
          {props.hint}
        </span>
      </Show>
      <Show when={props.error}>
        <span id={`${fieldId(props.field)}-error`} class="field-error" data-testid={`error-${props.field}`}>
          {props.error}
        </span>
      </Show>
    </div>
  );
}

/** aria attributes tying a control to its hint and error. */
function described(props: { field: string; hint?: string; error?: string }) {
  const ids = [props.hint ? `${fieldId(props.field)}-hint` : "", props.error ? `${fieldId(props.field)}-error` : ""].filter(Boolean).join(" ");
  return { "aria-describedby": ids || undefined, "aria-invalid": props.error ? ("true" as const) : undefined };
}

interface FieldProps {
  field: string;
  label: string;
  hint?: string;
  error?: string;
}

export function TextField(props: FieldProps & { value: string; onInput: (value: string) => void; type?: string; placeholder?: string; list?: string; inputmode?: "numeric" | "email" | "url" | "text"; ref?: (element: HTMLInputElement) => void }) {
  return (
    <FieldShell {...props}>
      <input
        ref={props.ref}
        id={fieldId(props.field)}
        name={props.field}
        type={props.type ?? "text"}
        value={props.value}
        placeholder={props.placeholder}
        list={props.list}
        inputmode={props.inputmode}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        {...described(props)}
        data-testid={`settings-${props.field}`}
      />
    </FieldShell>
  );
}

export function TextAreaField(props: FieldProps & { value: string; onInput: (value: string) => void; rows?: number; ref?: (element: HTMLTextAreaElement) => void }) {
  return (
    <FieldShell {...props}>
      <textarea
        ref={props.ref}
        id={fieldId(props.field)}
        name={props.field}
        rows={props.rows ?? 3}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        {...described(props)}
        data-testid={`settings-${props.field}`}
      />
    </FieldShell>
  );
}

export function SelectField<T extends string>(props: FieldProps & { value: T; options: readonly { value: T; label: string }[]; onChange: (value: T) => void }) {
  return (
    <FieldShell {...props}>
      <select
        id={fieldId(props.field)}
        name={props.field}
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value as T)}
        {...described(props)}
        data-testid={`settings-${props.field}`}
      >
        {/* `selected` on the option: a select's value set before its options exist would be lost. */}
        <For each={props.options}>
          {(option) => (
            <option value={option.value} selected={option.value === props.value}>
              {option.label}
            </option>
          )}
        </For>
      </select>
    </FieldShell>
  );
}

export function CheckboxField(props: FieldProps & { checked: boolean; onChange: (checked: boolean) => void }) {
  const [shell] = splitProps(props, ["field", "label", "hint", "error"]);
  return (
    <FieldShell {...shell} inline>
      <input
        id={fieldId(props.field)}
        name={props.field}
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
        {...described(props)}
        data-testid={`settings-${props.field}`}
      />
    </FieldShell>
  );
}

/** A whole number typed as text: "" stays "" (so the API names the field), anything else is sent as the number it reads as. */
export const toNumber = (text: string): number => (text.trim() === "" ? Number.NaN : Number(text));
