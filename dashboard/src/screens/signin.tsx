import { createSignal, Show } from "solid-js";
import { api, ApiError } from "../api";

export function SignIn(props: { onSignedIn: () => void }) {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let keyInput!: HTMLInputElement;

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const secretKey = keyInput.value.trim();
    if (!secretKey.startsWith("sk_")) {
      setError("A store secret key starts with sk_.");
      keyInput.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.signIn(secretKey);
      // The key is only needed for this one request; the session cookie takes over.
      keyInput.value = "";
      props.onSignedIn();
    } catch (caught) {
      const problem = caught instanceof ApiError ? caught.problem : undefined;
      setError(
        caught instanceof ApiError && caught.status === 401
          ? problem?.detail || "That secret key was not recognised."
          : problem?.detail || "Sign-in failed. Try again.",
      );
      keyInput.select();
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="signin">
      <form class="card signin-card" onSubmit={submit} novalidate>
        <div class="brand brand-large">
          <span class="brand-mark" aria-hidden="true">
            R
          </span>
          Reva
        </div>
        <h1>Sign in to your store</h1>
        <p class="muted">Use the store's secret key. It is sent once to start a session and is not kept in this browser.</p>
        <label class="field">
          <span class="label">Secret key</span>
          <input
            ref={keyInput}
            type="password"
            name="secret_key"
            autocomplete="off"
            spellcheck={false}
            placeholder="sk_…"
            required
            autofocus
            aria-invalid={error() ? "true" : undefined}
            aria-describedby={error() ? "signin-error" : undefined}
            data-testid="signin-key"
          />
        </label>
        <Show when={error()}>
          <p id="signin-error" class="field-error" role="alert" data-testid="signin-error">
            {error()}
          </p>
        </Show>
        <button type="submit" class="button button-primary button-block" disabled={busy()} data-testid="signin-submit">
          {busy() ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
