import { createSignal, Show } from "solid-js";
import { api, ApiError } from "../api";
import { ProblemNotice } from "../components/problem-notice";
import type { StoreSettings } from "../types";
import { EmailSections } from "./settings/email-editor";
import { PopupSection } from "./settings/popup-section";
import { RulesSection } from "./settings/rules-section";
import { SendingDomainCard } from "./settings/sending-domain";
import { StepPlanSection } from "./settings/step-plan";
import { StoreSection } from "./settings/store-section";
import "./settings/settings.css";

/**
 * Every store setting, one section per concern with its own save (integrations have a page of
 * their own, popup A/B variants too). Sections keep their drafts when another section saves.
 */
export function Settings(props: { onSaved: (settings: StoreSettings) => void }) {
  // Always read fresh settings before showing the forms, so nothing resets them mid-edit.
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

  const saved = () => settings()!;
  const onSaved = (updated: StoreSettings) => {
    setSettings(updated);
    props.onSaved(updated);
  };

  return (
    <section aria-labelledby="settings-title" class="settings">
      <header class="page-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <ProblemNotice error={error()} onRetry={load} />
      <Show when={settings() !== undefined} fallback={<Show when={!error()}><p class="muted">Loading settings…</p></Show>}>
        <nav class="settings-nav" aria-label="Settings sections">
          <a href="#store-title">Store and sender</a>
          <a href="#plan-title">Step plan</a>
          <a href="#emails-title">Emails</a>
          <a href="#popup-title">Popup</a>
          <a href="#rules-title">Sending rules</a>
        </nav>
        <StoreSection saved={saved} onSaved={onSaved} />
        <SendingDomainCard fromEmail={saved().from_email} />
        <StepPlanSection saved={saved} onSaved={onSaved} />
        <h2 id="emails-title" class="settings-heading">
          Emails
        </h2>
        <EmailSections saved={saved} onSaved={onSaved} />
        <PopupSection saved={saved} onSaved={onSaved} />
        <RulesSection saved={saved} onSaved={onSaved} />
      </Show>
    </section>
  );
}
