import type { Visitor } from "./identity";

export interface PopupItem {
  title: string;
  price: number | string;
  quantity: number;
  image_url?: string | null;
}

export interface PopupCopy {
  title: string;
  body: string;
  cta: string;
  dismiss_label: string;
}

export interface PopupOffer {
  sequence_id: string;
  items: PopupItem[];
  total_price: number | string;
  currency: string;
  checkout_url: string;
  delay_seconds: number;
  /** Open when the pointer leaves the page (desktop) instead of after the delay. */
  exit_intent?: boolean;
  dismiss_hours?: number;
  copy: PopupCopy;
  /** While a popup A/B test runs: this visitor's variant, reported back with every event. */
  variant?: string;
}

export type PopupEvent = "shown" | "clicked" | "dismissed";

export interface SessionRequest {
  visitor_id: string;
  visitor_token?: string;
  cart_token?: string;
  ga_client_id?: string;
}

/** The popup, if any, and the signed visitor the Worker knows this browser as. */
export interface Session {
  popup: PopupOffer | null;
  visitor: Visitor;
}

export function createApi(origin: string, publishableKey: string) {
  const url = (path: string) => `${origin}${path}?key=${encodeURIComponent(publishableKey)}`;

  return {
    // Resolves to null on any failure: the host page must never notice the API is down.
    async startSession(body: SessionRequest): Promise<Session | null> {
      try {
        const res = await fetch(url("/api/v1/widget/session"), {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
          credentials: "omit",
        });
        if (!res.ok) return null;
        const json = (await res.json()) as { popup?: PopupOffer | null; visitor_id?: string; visitor_token?: string };
        if (!json || typeof json.visitor_id !== "string" || typeof json.visitor_token !== "string") return null;
        const popup = json.popup && json.popup.checkout_url ? json.popup : null;
        return { popup, visitor: { id: json.visitor_id, token: json.visitor_token } };
      } catch {
        return null;
      }
    },

    // text/plain keeps the request "simple" (no CORS preflight) and sendBeacon-compatible.
    report(body: { visitor_id: string; visitor_token: string; sequence_id: string; event: PopupEvent; variant?: string }): void {
      try {
        const blob = new Blob([JSON.stringify(body)], { type: "text/plain;charset=UTF-8" });
        if (navigator.sendBeacon && navigator.sendBeacon(url("/api/v1/widget/events"), blob)) return;
        fetch(url("/api/v1/widget/events"), { method: "POST", body: blob, keepalive: true, credentials: "omit" }).catch(
          () => {},
        );
      } catch {
        // Reporting is best effort.
      }
    },
  };
}

export type WidgetApi = ReturnType<typeof createApi>;
