import { createEffect, createSignal, For, on, Show } from "solid-js";
import { api, ApiError } from "../../api";
import { Card } from "../../components/card";
import { ProblemNotice } from "../../components/problem-notice";
import { StatusBadge } from "../../components/status-badge";
import type { SendingDomain } from "../../types";

const STATUS_TEXT: Record<SendingDomain["status"], string> = {
  not_started: "Not started: emails go from Reva's sender, with your store name and reply-to.",
  pending: "Waiting for the DNS records below; check again once they are published.",
  verified: "Verified: emails go from your own address.",
  failed: "Verification failed: check the records below and try again.",
};

/** The from_email's domain with Resend: its status, the DNS records to publish, and a button to (re)check. */
export function SendingDomainCard(props: { fromEmail: string }) {
  const [domain, setDomain] = createSignal<SendingDomain>();
  const [error, setError] = createSignal<ApiError>();
  const [busy, setBusy] = createSignal(false);

  async function run(action: () => Promise<SendingDomain>) {
    setBusy(true);
    try {
      setDomain(await action());
      setError(undefined);
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    } finally {
      setBusy(false);
    }
  }

  // A saved from_email may change the domain: read it again then.
  createEffect(on(() => props.fromEmail, () => void run(api.sendingDomain)));

  return (
    <Card id="sending-domain" title="Sending domain" testId="sending-domain">
      <ProblemNotice error={error()} />
      <Show when={domain()} fallback={<Show when={!error()}><p class="muted">Loading sending domain…</p></Show>}>
        {(current) => (
          <>
            <p>
              <code>{current().domain}</code> <StatusBadge status={current().status} testId="sending-domain-status" />
            </p>
            <p class="muted">{STATUS_TEXT[current().status]}</p>
            <Show when={current().records.length > 0} fallback={<Show when={current().status !== "verified"}><p class="muted">No DNS records yet: start verification to get them.</p></Show>}>
              <div class="table-wrap">
                <table class="table dns-records" data-testid="dns-records">
                  <caption class="visually-hidden">DNS records to publish for {current().domain}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Type</th>
                      <th scope="col">Name</th>
                      <th scope="col">Value</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={current().records}>
                      {(record) => (
                        <tr>
                          <td>{record.type}</td>
                          <td>
                            <code class="break">{record.name}</code>
                          </td>
                          <td>
                            <code class="break">{record.value}</code>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
          </>
        )}
      </Show>
      <div class="form-actions">
        <button type="button" class="button" disabled={busy()} onClick={() => void run(api.verifySendingDomain)} data-testid="verify-domain">
          {busy() ? "Checking…" : domain()?.records.length ? "Check again" : "Start verification"}
        </button>
      </div>
    </Card>
  );
}
