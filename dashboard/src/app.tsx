import { createSignal, lazy, Match, onMount, Switch } from "solid-js";
import { api, ApiError, setUnauthorizedHandler } from "./api";
import { ProblemNotice } from "./components/problem-notice";
import { href, route } from "./router";
import { SignIn } from "./screens/signin";
import type { StoreSettings } from "./types";

// Screens behind sign-in load on demand, keeping the first download small.
const Overview = lazy(() => import("./screens/overview").then((m) => ({ default: m.Overview })));
const Sequences = lazy(() => import("./screens/sequences").then((m) => ({ default: m.Sequences })));
const SequenceDetail = lazy(() => import("./screens/sequence-detail").then((m) => ({ default: m.SequenceDetail })));
const Outbox = lazy(() => import("./screens/outbox").then((m) => ({ default: m.Outbox })));
const Suppressions = lazy(() => import("./screens/suppressions").then((m) => ({ default: m.Suppressions })));
const Settings = lazy(() => import("./screens/settings").then((m) => ({ default: m.Settings })));
const Integrations = lazy(() => import("./screens/integrations").then((m) => ({ default: m.Integrations })));
const PopupTest = lazy(() => import("./screens/popup-test").then((m) => ({ default: m.PopupTest })));
const Deliverability = lazy(() => import("./screens/deliverability").then((m) => ({ default: m.Deliverability })));

const sequenceId = () => {
  const current = route();
  return current.name === "sequence" ? current.id : undefined;
};

type SessionState = "checking" | "signed-out" | "signed-in" | "unreachable";

const NAV = [
  { label: "Overview", href: href.overview, active: () => route().name === "overview" },
  { label: "Sequences", href: href.sequences, active: () => route().name === "sequences" || route().name === "sequence" },
  { label: "Outbox", href: href.outbox, active: () => route().name === "outbox" },
  { label: "Suppressions", href: href.suppressions, active: () => route().name === "suppressions" },
  { label: "Settings", href: href.settings, active: () => route().name === "settings" },
  { label: "Integrations", href: href.integrations, active: () => route().name === "integrations" },
  { label: "A/B test", href: href.popupTest, active: () => route().name === "popup-test" },
  { label: "Deliverability", href: href.deliverability, active: () => route().name === "deliverability" },
];

export function App() {
  const [session, setSession] = createSignal<SessionState>("checking");
  const [storeName, setStoreName] = createSignal("");
  const [probeError, setProbeError] = createSignal<ApiError>();

  const signedIn = (settings: StoreSettings) => {
    setStoreName(settings.name);
    setSession("signed-in");
    for (const screen of [Overview, Sequences, SequenceDetail, Outbox, Suppressions, Settings, Integrations, PopupTest, Deliverability]) void screen.preload();
  };

  // The session cookie is HttpOnly, so the only way to know whether it is valid is to use it.
  async function probe() {
    setSession("checking");
    try {
      signedIn(await api.settings());
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) return setSession("signed-out");
      setProbeError(caught instanceof ApiError ? caught : new ApiError(0, { title: "Error", detail: String(caught) }));
      setSession("unreachable");
    }
  }

  async function signOut() {
    try {
      await api.signOut();
    } finally {
      setSession("signed-out");
    }
  }

  setUnauthorizedHandler(() => setSession("signed-out"));
  onMount(probe);

  return (
    <Switch>
      <Match when={session() === "checking"}>
        <p class="boot muted">Loading…</p>
      </Match>
      <Match when={session() === "signed-out"}>
        <SignIn onSignedIn={probe} />
      </Match>
      <Match when={session() === "unreachable"}>
        <main class="signin">
          <ProblemNotice error={probeError()} onRetry={probe} />
        </main>
      </Match>
      <Match when={session() === "signed-in"}>
        <div class="shell">
          {/* Hash links drive the router, so the skip link moves focus itself. */}
          <a
            class="skip-link"
            href="#main"
            onClick={(event) => {
              event.preventDefault();
              document.getElementById("main")?.focus();
            }}
          >
            Skip to content
          </a>
          <header class="topbar">
            <div class="topbar-inner">
              <a class="brand" href={href.overview}>
                <span class="brand-mark" aria-hidden="true">
                  R
                </span>
                Reva
              </a>
              <span class="store-name" data-testid="store-name">
                {storeName()}
              </span>
              <nav class="nav" aria-label="Main">
                {NAV.map((item) => (
                  <a href={item.href} class="nav-link" aria-current={item.active() ? "page" : undefined}>
                    {item.label}
                  </a>
                ))}
              </nav>
              <button type="button" class="button button-small button-ghost" onClick={signOut} data-testid="signout">
                Sign out
              </button>
            </div>
          </header>
          <main id="main" class="content" tabindex="-1">
            <Switch>
              <Match when={route().name === "overview"}>
                <Overview />
              </Match>
              <Match when={route().name === "sequences"}>
                <Sequences />
              </Match>
              <Match when={sequenceId()} keyed>
                {(id) => <SequenceDetail id={id} />}
              </Match>
              <Match when={route().name === "outbox"}>
                <Outbox />
              </Match>
              <Match when={route().name === "suppressions"}>
                <Suppressions />
              </Match>
              <Match when={route().name === "settings"}>
                <Settings onSaved={signedIn} />
              </Match>
              <Match when={route().name === "integrations"}>
                <Integrations />
              </Match>
              <Match when={route().name === "popup-test"}>
                <PopupTest />
              </Match>
              <Match when={route().name === "deliverability"}>
                <Deliverability />
              </Match>
            </Switch>
          </main>
        </div>
      </Match>
    </Switch>
  );
}

