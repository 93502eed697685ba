import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import { api, ApiError } from "../../api";
import { ProblemNotice } from "../../components/problem-notice";
import type { EmailDraft, EmailPreview, Step, TestSend } from "../../types";
import { TextAreaField, TextField } from "./fields";
import { createSectionSave, SectionForm, type SectionProps } from "./section";

/** What a step's subject and body may use (the Worker refuses any other `{{name}}`). */
const PLACEHOLDERS = [
  { name: "first_name", meaning: "the shopper's first name, or “there”" },
  { name: "store_name", meaning: "your store's name" },
  { name: "cart_total", meaning: "the cart's total, with currency" },
  { name: "item_count", meaning: "how many items are in the cart" },
  { name: "first_item", meaning: "the first item's title" },
] as const;

const PREVIEW_DEBOUNCE_MS = 400;

/** Blank copy means the default copy: the key is left out. */
function withCopy(step: Step, subject: string, body: string): Step {
  const { subject: _subject, body: _body, ...rest } = step;
  return { ...rest, ...(subject.trim() ? { subject } : {}), ...(body.trim() ? { body } : {}) };
}

function draftOf(subject: string, body: string): EmailDraft {
  return { ...(subject.trim() ? { subject } : {}), ...(body.trim() ? { body } : {}) };
}

/** The preview: the Worker renders the draft as a page of its own, posted into a sandboxed frame (no script runs there). */
function PreviewFrame(props: { stepId: string; draft: EmailDraft; version: number }) {
  const [width, setWidth] = createSignal<"desktop" | "mobile">("desktop");
  let form: HTMLFormElement | undefined;
  const frameName = () => `email-preview-${props.stepId}`;

  // Each new valid draft is posted into the frame; the form lives in this page, so the frame needs no script.
  createEffect(on(() => props.version, () => form?.submit(), { defer: true }));

  return (
    <div class="email-preview">
      <div class="width-toggle" role="group" aria-label="Preview width">
        <For each={["desktop", "mobile"] as const}>
          {(option) => (
            <button
              type="button"
              class="button button-small"
              aria-pressed={width() === option ? "true" : "false"}
              onClick={() => setWidth(option)}
              data-testid={`preview-${option}`}
            >
              {option === "desktop" ? "Desktop" : "Mobile"}
            </button>
          )}
        </For>
      </div>
      <form ref={form} method="post" action={api.emailPreviewPage(props.stepId)} target={frameName()} hidden aria-hidden="true">
        <input type="hidden" name="subject" value={props.draft.subject ?? ""} disabled={props.draft.subject === undefined} />
        <input type="hidden" name="body" value={props.draft.body ?? ""} disabled={props.draft.body === undefined} />
      </form>
      {/* Focusable: on a narrow screen the desktop width scrolls sideways, and the keyboard must reach that too. */}
      <div class="email-frame-wrap" tabindex="0" role="region" aria-label={`Preview of ${props.stepId}`}>
        {/* Empty sandbox: the email can run no script, submit nothing and reach neither this page nor its cookies. */}
        <iframe
          name={frameName()}
          class="email-frame"
          classList={{ "email-frame-mobile": width() === "mobile" }}
          title={`Preview of the ${props.stepId} email (${width()} width)`}
          sandbox=""
          data-testid="email-preview-frame"
          data-width={width()}
        />
      </div>
    </div>
  );
}

function SendTest(props: { stepId: string; defaultTo: string; dirty: boolean }) {
  const [to, setTo] = createSignal(props.defaultTo);
  const [sending, setSending] = createSignal(false);
  const [error, setError] = createSignal<ApiError>();
  const [result, setResult] = createSignal<TestSend & { to: string }>();

  async function send() {
    setSending(true);
    setResult(undefined);
    try {
      const sent = await api.sendTestEmail(props.stepId, to().trim());
      setResult({ ...sent, to: to().trim() });
      setError(undefined);
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    } finally {
      setSending(false);
    }
  }

  const toError = () => error()?.fieldErrors().to;
  return (
    <div class="send-test">
      <div class="send-test-row">
        <TextField field={`test-to-${props.stepId}`} label="Send a test to" type="email" inputmode="email" value={to()} error={toError()} onInput={setTo} />
        <button type="button" class="button" disabled={sending()} onClick={() => void send()} data-testid="send-test">
          {sending() ? "Sending…" : "Send test"}
        </button>
      </div>
      <Show when={props.dirty}>
        <p class="muted">A test sends the saved email: save your changes first to test them.</p>
      </Show>
      <Show when={!toError()}>
        <ProblemNotice error={error()} />
      </Show>
      <p role="status" class="muted" data-testid="send-test-result">
        <Show when={result()}>
          {(sent) =>
            sent().mode === "resend" ? `Sent “${sent().subject}” to ${sent().to} (Resend id ${sent().id}).` : `Rendered “${sent().subject}” into the outbox (no Resend key: nothing was sent).`
          }
        </Show>
      </p>
    </div>
  );
}

/** One email step: subject and body, the placeholders, a live preview of the draft, a test send and its own save. */
function EmailEditor(props: SectionProps & { stepId: string }) {
  const state = createSectionSave(props);
  const savedStep = () => props.saved().steps.find((step) => step.id === props.stepId);
  const stepIndex = () => props.saved().steps.findIndex((step) => step.id === props.stepId);
  const [subject, setSubject] = createSignal(savedStep()?.subject ?? "");
  const [body, setBody] = createSignal(savedStep()?.body ?? "");
  const [preview, setPreview] = createSignal<EmailPreview>();
  const [previewError, setPreviewError] = createSignal<ApiError>();
  /** The draft last rendered without error, and a count that tells the frame to load it. */
  const [shown, setShown] = createSignal<EmailDraft>({});
  const [version, setVersion] = createSignal(0);
  const [lastFocused, setLastFocused] = createSignal<"subject" | "body">("body");
  let subjectInput: HTMLInputElement | undefined;
  let bodyInput: HTMLTextAreaElement | undefined;

  const dirty = () => subject() !== (savedStep()?.subject ?? "") || body() !== (savedStep()?.body ?? "");
  const draft = () => draftOf(subject(), body());
  const errorFor = (field: "subject" | "body") => state.fieldError(`steps.${stepIndex()}.${field}`) ?? previewError()?.fieldErrors()[field];

  let request = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  // Re-render a moment after typing stops; an answer to an older draft is dropped.
  createEffect(
    on(draft, (current, _previous, first) => {
      clearTimeout(timer);
      const run = async () => {
        const mine = ++request;
        try {
          const rendered = await api.previewEmailDraft(props.stepId, current);
          if (mine !== request) return;
          setPreview(rendered);
          setPreviewError(undefined);
          setShown(current);
          setVersion((v) => v + 1);
        } catch (caught) {
          if (mine === request && caught instanceof ApiError) setPreviewError(caught);
        }
      };
      if (first === undefined) void run();
      else timer = setTimeout(() => void run(), PREVIEW_DEBOUNCE_MS);
      return true;
    }),
  );

  function insert(name: string) {
    const token = `{{${name}}}`;
    const target = lastFocused() === "subject" ? subjectInput : bodyInput;
    if (!target) return;
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? start;
    target.setRangeText(token, start, end, "end");
    (lastFocused() === "subject" ? setSubject : setBody)(target.value);
    target.focus();
  }

  async function submit() {
    const saved = props.saved();
    const steps = saved.steps.map((step) => (step.id === props.stepId ? withCopy(step, subject(), body()) : step));
    const updated = await state.save(dirty() ? { steps } : {});
    const step = updated?.steps.find((s) => s.id === props.stepId);
    if (step) {
      setSubject(step.subject ?? "");
      setBody(step.body ?? "");
    }
  }

  return (
    <SectionForm id={`email-${props.stepId}`} title={`Email ${props.stepId}`} state={state} fields={[`steps.${stepIndex()}.subject`, `steps.${stepIndex()}.body`]} onSubmit={submit}>
      <div class="email-editor" data-testid="email-editor" data-step-id={props.stepId}>
        <div class="email-copy">
          <div onFocusIn={() => setLastFocused("subject")}>
            <TextField field={`steps.${props.stepId}.subject`} label="Subject" hint="Blank: the default subject." value={subject()} error={errorFor("subject")} onInput={setSubject} ref={(element) => (subjectInput = element)} />
          </div>
          <div onFocusIn={() => setLastFocused("body")}>
            <TextAreaField
              field={`steps.${props.stepId}.body`}
              label="Body"
              hint="Plain text; the cart, the button and the unsubscribe link are added below it."
              rows={6}
              value={body()}
              error={errorFor("body")}
              onInput={setBody}
              ref={(element) => (bodyInput = element)}
            />
          </div>
          <div class="placeholders">
            <h3 class="label" id={`placeholders-${props.stepId}`}>
              Placeholders
            </h3>
            <ul aria-labelledby={`placeholders-${props.stepId}`}>
              <For each={PLACEHOLDERS}>
                {(placeholder) => (
                  <li>
                    <button type="button" class="button button-small" onClick={() => insert(placeholder.name)} aria-label={`Insert {{${placeholder.name}}}: ${placeholder.meaning}`}>
                      <code>{`{{${placeholder.name}}}`}</code>
                    </button>{" "}
                    <span class="muted">{placeholder.meaning}</span>
                  </li>
                )}
              </For>
            </ul>
          </div>
          <SendTest stepId={props.stepId} defaultTo={props.saved().reply_to ?? props.saved().from_email} dirty={dirty()} />
        </div>
        <div class="email-preview-pane">
          <h3 class="label">Preview (sample cart{dirty() ? ", unsaved changes" : ""})</h3>
          <p class="preview-subject" data-testid="preview-subject">
            <span class="muted">Subject: </span>
            {preview()?.subject ?? "…"}
          </p>
          <PreviewFrame stepId={props.stepId} draft={shown()} version={version()} />
          <details>
            <summary>Plain-text version</summary>
            <pre class="preview-text" data-testid="preview-text">
              {preview()?.text}
            </pre>
          </details>
        </div>
      </div>
    </SectionForm>
  );
}

export function EmailSections(props: SectionProps) {
  // Ids, not step objects: a save elsewhere makes new objects, and the editors (with their drafts) must stay.
  const emailStepIds = () => props.saved().steps.filter((step) => step.channel === "email").map((step) => step.id);
  return (
    <Show when={emailStepIds().length > 0} fallback={<p class="card empty">No email steps in the plan. Add one above and save the plan to write its email.</p>}>
      <For each={emailStepIds()}>{(stepId) => <EmailEditor {...props} stepId={stepId} />}</For>
    </Show>
  );
}
