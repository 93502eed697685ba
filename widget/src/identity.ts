import { readStored, writeStored } from "./storage";

const VISITOR_KEY = "reva_vid";
const TOKEN_KEY = "reva_vtok";

/** The visitor the Worker minted and signed for this browser (`v_…` and its token). */
export interface Visitor {
  id: string;
  token: string;
}

function fromToken(token: string): Visitor | null {
  const id = token.split(".")[0];
  return id && /^v_[\w-]+\.[\w-]+$/.test(token) ? { id, token } : null;
}

/**
 * The signed visitor this browser is: the one the host page hands over (`data-visitor-token`,
 * the storefront's own word), else the one kept from an earlier session. Null on a first visit:
 * the Worker then mints one, since an id the browser made up would prove nothing.
 */
export function knownVisitor(script: HTMLScriptElement | null): Visitor | null {
  const fromTag = script?.dataset.visitorToken;
  const given = fromTag ? fromToken(fromTag) : null;
  if (given) return given;
  const token = readStored(TOKEN_KEY);
  const kept = token ? fromToken(token) : null;
  return kept && readStored(VISITOR_KEY) === kept.id ? kept : null;
}

/** Kept where a storefront's own scripts can read the id (`reva_vid`), e.g. to send it with its cart. */
export function rememberVisitor(visitor: Visitor): void {
  writeStored(VISITOR_KEY, visitor.id);
  writeStored(TOKEN_KEY, visitor.token);
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

/** Shopify's tokens (`cart` cookie, `/cart.js`) may carry a `?key=…` suffix that is not part of the token webhooks and orders use. */
export function bareCartToken(token: unknown): string | undefined {
  return typeof token === "string" ? token.split("?")[0] || undefined : undefined;
}

export function cartToken(script: HTMLScriptElement | null): string | undefined {
  return script?.dataset.cartToken || bareCartToken(readCookie("cart"));
}

// `_ga` looks like `GA1.1.123456789.1700000000`; GA4 wants `123456789.1700000000`.
export function gaClientId(): string | undefined {
  const match = /^GA\d+\.\d+\.(\d+\.\d+)$/.exec(readCookie("_ga") ?? "");
  return match ? match[1] : undefined;
}
