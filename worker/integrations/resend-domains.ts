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

const listSchema = z.object({ data: z.array(z.object({ id: z.string(), name: z.string() }).loose()) });
const errorSchema = z.object({ message: z.string().optional(), name: z.string().optional() }).loose();

async function call(client: ResendClient, method: "GET" | "POST", path: string, body?: unknown): Promise<{ kind: "ok"; body: unknown } | { kind: "failed"; status: number | null; message: string }> {
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
 * `POST /domains`. When the account already holds the domain (added by hand, or by a request whose
 * answer was lost), Resend refuses a second one: that one is looked up and used instead.
 */
export async function addDomain(client: ResendClient, name: string): Promise<DomainOutcome> {
  const created = asDomain(await call(client, "POST", "/domains", { name }));
  if (created.kind === "ok" || created.status === null || created.status >= 500) return created;
  const list = await call(client, "GET", "/domains");
  const existing = list.kind === "ok" ? listSchema.safeParse(list.body).data?.data.find((domain) => domain.name === name) : undefined;
  return existing ? getDomain(client, existing.id) : created;
}

/** `POST /domains/:id/verify`: Resend re-checks the DNS records in the background (the domain turns pending). */
export async function verifyDomain(client: ResendClient, id: string): Promise<{ kind: "ok" } | { kind: "failed"; status: number | null; message: string }> {
  const outcome = await call(client, "POST", `/domains/${encodeURIComponent(id)}/verify`);
  return outcome.kind === "ok" ? { kind: "ok" } : outcome;
}
