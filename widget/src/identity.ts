import { readStored, writeStored } from "./storage";

const VISITOR_KEY = "reva_vid";

function randomId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function visitorId(): string {
  const existing = readStored(VISITOR_KEY);
  if (existing) return existing;
  const created = randomId();
  writeStored(VISITOR_KEY, created);
  return created;
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return part.slice(eq + 1).trim();
      }
    }
  }
  return undefined;
}

// Shopify's `cart` cookie may carry a `?key=…` suffix that is not part of the token
// used by webhooks and orders.
export function cartToken(script: HTMLScriptElement | null): string | undefined {
  const fromTag = script?.dataset.cartToken;
  if (fromTag) return fromTag;
  const fromCookie = readCookie("cart");
  return fromCookie ? fromCookie.split("?")[0] || undefined : undefined;
}

// `_ga` looks like `GA1.1.123456789.1700000000`; GA4 wants `123456789.1700000000`.
export function gaClientId(): string | undefined {
  const match = /^GA\d+\.\d+\.(\d+\.\d+)$/.exec(readCookie("_ga") ?? "");
  return match ? match[1] : undefined;
}
