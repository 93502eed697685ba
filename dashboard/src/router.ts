import { createSignal } from "solid-js";

// Hash routes need no server-side fallback: the Worker serves index.html only at `/`.
export type Route =
  | { name: "overview" }
  | { name: "sequences" }
  | { name: "sequence"; id: string }
  | { name: "outbox" }
  | { name: "suppressions" }
  | { name: "settings" }
  | { name: "integrations" }
  | { name: "popup-test" }
  | { name: "deliverability" };

function parse(hash: string): Route {
  const [section, id] = hash.replace(/^#\/?/, "").split("/");
  switch (section) {
    case "sequences":
      return id ? { name: "sequence", id: decodeURIComponent(id) } : { name: "sequences" };
    case "outbox":
      return { name: "outbox" };
    case "suppressions":
      return { name: "suppressions" };
    case "settings":
      return { name: "settings" };
    case "integrations":
      return { name: "integrations" };
    case "popup-test":
      return { name: "popup-test" };
    case "deliverability":
      return { name: "deliverability" };
    default:
      return { name: "overview" };
  }
}

const [route, setRoute] = createSignal<Route>(parse(location.hash));
window.addEventListener("hashchange", () => setRoute(parse(location.hash)));

export { route };

export const href = {
  overview: "#/",
  sequences: "#/sequences",
  sequence: (id: string) => `#/sequences/${encodeURIComponent(id)}`,
  outbox: "#/outbox",
  suppressions: "#/suppressions",
  settings: "#/settings",
  integrations: "#/integrations",
  popupTest: "#/popup-test",
  deliverability: "#/deliverability",
};

export function navigate(target: string): void {
  location.hash = target;
}
