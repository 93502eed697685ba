import { z } from "zod";
import type { ResendClient } from "./resend";

/** A sending domain as Resend's domains API answers it (`POST /domains`, `GET /domains/:id`). */
const domainSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  records: z.array(z.object({ type: z.string(), name: z.string(), value: z.string() }).loose()).default([]),
});
export type ResendDomain = z.infer<typeof domainSchema>;

export type DomainOutcome = { kind: "ok"; domain: ResendDomain } | { kind: "failed"; status: number | null; message: string };

const errorSchema = z.object({ message: z.string().optional(), name: z.string().optional() }).loose();

async function call(client: ResendClient, method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<{ kind: "ok"; body: unknown } | { kind: "failed"; status: number | null; message: string }> {
  let response: Response;
  try {
    response = await fetch(`${client.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${client.apiKey}`, "user-agent": "reva-cart-recovery/1.0", ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(client.timeoutMs ?? 5_000),
    });
  } catch (error) {
    return { kind: "failed", status: null, message: error instanceof Error ? error.message : String(error) };
  }
  const answer = await response.json().catch(() => null);
  if (response.ok) return { kind: "ok", body: answer };
  const error = errorSchema.safeParse(answer ?? {});
  return { kind: "failed", status: response.status, message: `Resend ${response.status}: ${error.success ? (error.data.message ?? "") : ""}`.trim() };
}

function asDomain(outcome: Awaited<ReturnType<typeof call>>): DomainOutcome {
  if (outcome.kind === "failed") return outcome;
  const parsed = domainSchema.safeParse(outcome.body);
  return parsed.success ? { kind: "ok", domain: parsed.data } : { kind: "failed", status: null, message: "unexpected domain answer from Resend" };
}

/** `GET /domains/:id`: the domain with its DNS records and their current status. */
export async function getDomain(client: ResendClient, id: string): Promise<DomainOutcome> {
  return asDomain(await call(client, "GET", `/domains/${encodeURIComponent(id)}`));
}

/**
 * `POST /domains`: Resend makes a fresh DKIM key, so only DNS records published from now on verify
 * it. A domain the account already holds is refused by Resend (4xx) and is never adopted: it may
 * be the operator's own or another store's, verified by someone else's records.
 */
export async function addDomain(client: ResendClient, name: string): Promise<DomainOutcome> {
  return asDomain(await call(client, "POST", "/domains", { name }));
}

/** `DELETE /domains/:id`: the records published for it stop counting for anyone. */
export async function removeDomain(client: ResendClient, id: string): Promise<{ kind: "ok" } | { kind: "failed"; status: number | null; message: string }> {
  const outcome = await call(client, "DELETE", `/domains/${encodeURIComponent(id)}`);
  return outcome.kind === "ok" ? { kind: "ok" } : outcome;
}

/** `POST /domains/:id/verify`: Resend re-checks the DNS records in the background (the domain turns pending). */
export async function verifyDomain(client: ResendClient, id: string): Promise<{ kind: "ok" } | { kind: "failed"; status: number | null; message: string }> {
  const outcome = await call(client, "POST", `/domains/${encodeURIComponent(id)}/verify`);
  return outcome.kind === "ok" ? { kind: "ok" } : outcome;
}
