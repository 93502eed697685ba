import { createMemo, createSignal, For, Show } from "solid-js";
import { api } from "../api";
import { now } from "../clock";
import { LiveIndicator } from "../components/live-indicator";
import { Loading } from "../components/loading";
import { ProblemNotice } from "../components/problem-notice";
import { StatusBadge } from "../components/status-badge";
import { formatDateTime, formatRelative } from "../format";
import { createPoll } from "../poll";
import { href } from "../router";
import type { DeadLetter, OutboxMessage } from "../types";
import { Card } from "../components/card";

/**
 * The contract leaves a dead letter's body (the queue message) open: read its ids only when
 * present. An email job names its step and sequence; a Shopify webhook the ingest queue could not
 * apply names its topic and webhook id.
 */
function messageIds(body: DeadLetter["body"]): { sequence_id?: string; step_id?: string; topic?: string; webhook_id?: string } {
  if (!body || typeof body !== "object") return {};
  const { sequence_id, step_id, topic, webhook_id } = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return { sequence_id: text(sequence_id), step_id: text(step_id), topic: text(topic), webhook_id: text(webhook_id) };
}

/** Sends that exhausted every retry: rare, and worth a merchant's attention when they happen. */
function DeadLetters(props: { letters: DeadLetter[] }) {
  return (
    <Show when={props.letters.length > 0}>
      <Card id="dead-letters" title="Undelivered after every retry" testId="dead-letters">
        <ul>
          <For each={props.letters}>
            {(letter) => (
              <li>
                <code>{messageIds(letter.body).step_id ?? messageIds(letter.body).topic ?? letter.queue}</code>{" "}
                <Show when={messageIds(letter.body).sequence_id}>{(id) => <a href={href.sequence(id())}>{id()}</a>}</Show>
                <Show when={messageIds(letter.body).webhook_id}>{(id) => <span>Shopify webhook {id()} not applied</span>}</Show>{" "}
                <span class="muted">{formatDateTime(letter.created_at)}</span>
              </li>
            )}
          </For>
        </ul>
      </Card>
    </Show>
  );
}

function Preview(props: { message: OutboxMessage }) {
  return (
    <article class="preview" aria-labelledby="preview-subject" data-testid="outbox-preview">
      <header class="preview-header">
        <h2 id="preview-subject">{props.message.subject}</h2>
        <dl class="meta">
          <div>
            <dt>To</dt>
            <dd>{props.message.to}</dd>
          </div>
          <div>
            <dt>Step</dt>
            <dd>
              <code>{props.message.step_id}</code>
            </dd>
          </div>
          <Show when={props.message.provider_id}>
            <div>
              <dt>Resend id</dt>
              <dd>
                <code>{props.message.provider_id}</code>
              </dd>
            </div>
          </Show>
          <Show when={props.message.error}>
            <div>
              <dt>Error</dt>
              <dd>{props.message.error}</dd>
            </div>
          </Show>
          <div>
            <dt>Created</dt>
            <dd>{formatDateTime(props.message.created_at)}</dd>
          </div>
          <div>
            <dt>Sequence</dt>
            <dd>
              <a href={href.sequence(props.message.sequence_id)}>{props.message.sequence_id}</a>
            </dd>
          </div>
        </dl>
      </header>
      <h3>Plain text</h3>
      {/* Focusable: a long line scrolls inside it, and the keyboard must reach that too. */}
      <pre class="preview-text" tabindex="0" role="region" aria-label="Plain text" data-testid="outbox-text">
        {props.message.text}
      </pre>
      <Show when={props.message.html}>
        <h3>HTML</h3>
        {/* Served by the Worker under a policy of its own (srcdoc would inherit this page's, which blocks the email's inline styles);
            empty sandbox: the email's HTML can neither run scripts nor reach this page. */}
        <iframe class="preview-html" title={`HTML of “${props.message.subject}”`} sandbox="" src={api.outboxEmailPage(props.message.id)} data-testid="outbox-html" />
      </Show>
    </article>
  );
}

export function Outbox() {
  const outbox = createPoll(() => api.outbox(50));
  const deadLetters = createPoll(() => api.deadLetters());
  const [selectedId, setSelectedId] = createSignal<string>();
  const messages = () => outbox.data()?.data ?? [];
  const selected = createMemo(() => {
    const list = messages();
    return list.find((message) => message.id === selectedId()) ?? list[0];
  });

  return (
    <section aria-labelledby="outbox-title">
      <header class="page-header">
        <div>
          <h1 id="outbox-title">Outbox</h1>
          <p class="muted">Recovery emails rendered by Reva. Without a Resend key they are kept here and never sent.</p>
        </div>
        <LiveIndicator updatedAt={outbox.updatedAt()} error={outbox.error()} />
      </header>
      <ProblemNotice error={outbox.error()} onRetry={outbox.refresh} />
      <ProblemNotice error={deadLetters.error()} onRetry={deadLetters.refresh} />
      <DeadLetters letters={deadLetters.data()?.data ?? []} />
      <Show when={outbox.data()} fallback={<Show when={!outbox.error()}><Loading what="outbox" /></Show>}>
        <Show when={messages().length > 0} fallback={<p class="card empty">No emails yet.</p>}>
          <div class="split">
            <ul class="card message-list" aria-label="Emails">
              <For each={messages()}>
                {(message) => (
                  <li>
                    <button
                      type="button"
                      class="message"
                      aria-current={selected()?.id === message.id ? "true" : undefined}
                      onClick={() => setSelectedId(message.id)}
                      data-testid="outbox-row"
                    >
                      <span class="message-top">
                        <span class="message-to">{message.to}</span>
                        <span class="muted">{formatRelative(message.created_at, now())}</span>
                      </span>
                      <span class="message-subject">{message.subject}</span>
                      <span class="message-bottom">
                        <code>{message.step_id}</code>
                        <StatusBadge status={message.status} testId="outbox-status" />
                      </span>
                    </button>
                  </li>
                )}
              </For>
            </ul>
            <div class="card">
              <Show when={selected()}>{(message) => <Preview message={message()} />}</Show>
            </div>
          </div>
        </Show>
      </Show>
    </section>
  );
}
