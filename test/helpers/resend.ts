import { env } from "cloudflare:test";

export type FakeEmail = {
  id: string;
  /** Order of acceptance across the whole fake. */
  seq: number;
  /** The team's clock when Resend accepted it. */
  at: number;
  team_id: string;
  key: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  store_id: string;
};

export async function fakeResend(path: string, body?: unknown) {
  return fetch(`${env.RESEND_BASE_URL}${path}`, {
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
}

export type FakeRequest = { at: number; team_id?: string; store_id?: string; outcome: number | string; error?: string; size: number };

/** What the fake Resend accepted for one store (tests share the fake, never a store); `seq` counts every email accepted so far. */
export async function sentTo(storeId: string): Promise<{ emails: FakeEmail[]; requests: FakeRequest[]; seq: number }> {
  return (await fakeResend(`/__fake/sent?store_id=${storeId}`)).json();
}

/** Per-store failure injection at the fake (a test control: Resend has no per-store anything). Replaces the store's earlier modes. */
export type FakeFailureModes = {
  /** Share of send requests that fail, drawn from a PRNG seeded with `seed` (42 unless set). */
  fail_rate?: number;
  /** What a failure is: a 500 before acceptance, no answer before acceptance, or accepted and then a 500 or no answer. */
  fail_kinds?: ("5xx" | "timeout" | "lost" | "lost_timeout")[];
  /** Shorthand for `fail_kinds: ["lost"]`. */
  fail_after_accept?: boolean;
  seed?: number;
  /** How long a "timeout" holds the connection before dropping it (0 unless set). */
  timeout_ms?: number;
  /** Every accepted request answers this much later; its idempotency key is in progress meanwhile. */
  latency_ms?: number;
  /** Accepted requests keep their answer until `releaseHeld(storeId)`. */
  hold?: boolean;
  reject_400?: boolean;
  reject_403?: boolean;
  domain_unverified?: boolean;
  /** The next n send requests answer 429 with `retry-after: retry_after`, whatever the clock. */
  rate_limit_next?: number;
  retry_after?: number;
  /** In permissive mode, emails to this address come back in `errors`; in strict mode they fail the batch. */
  reject_index_to?: string;
};

export async function failFor(storeId: string, mode: FakeFailureModes) {
  const response = await fakeResend("/__fake/configure", { store_id: storeId, ...mode });
  if (!response.ok) throw new Error(`fake Resend refused the configuration: ${await response.text()}`);
}

/**
 * A Resend team of its own for these stores (Resend limits the rate and keeps idempotency keys per
 * team): its rate (Resend's default of 2 requests/s unless set) and, with `now`, a clock that moves
 * only when the test moves it (`setResendClock`), in step with the Worker's faked Date.
 */
export async function resendTeam(options: { store_ids: string[]; requests_per_second?: number; now?: number; verified_domains?: string[] }) {
  const response = await fakeResend("/__fake/teams", options);
  if (response.status !== 201) throw new Error(`fake Resend refused the team: ${await response.text()}`);
  return response.json<{ team_id: string; api_key: string; requests_per_second: number }>();
}

/** Sets a team's clock (its rate window and the 24 h life of its idempotency keys) to `now`. */
export async function setResendClock(teamId: string, now: number) {
  await fakeResend("/__fake/clock", { team_id: teamId, now });
}

/** How many accepted requests of a store wait for their answer (`hold: true`). */
export async function heldAt(storeId: string): Promise<number> {
  return (await (await fakeResend(`/__fake/held?store_id=${storeId}`)).json<{ held: number }>()).held;
}

/** Starts or stops holding a store's answers, leaving its other modes (and their random draws) as they are. */
export async function holdAnswers(storeId: string, hold: boolean) {
  await fakeResend("/__fake/hold", { store_id: storeId, hold });
}

/** Lets a store's held requests answer. */
export async function releaseHeld(storeId: string) {
  await fakeResend("/__fake/release", { store_id: storeId });
}

/** Signs a webhook body the way Resend (Svix) does. */
export async function svixHeaders(body: string, options: { id?: string; timestamp?: number; secret?: string } = {}) {
  const id = options.id ?? `msg_${crypto.randomUUID()}`;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const secret = (options.secret ?? (env.RESEND_WEBHOOK_SECRET as string)).replace(/^whsec_/, "");
  const raw = Uint8Array.from(atob(secret), (ch) => ch.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`)));
  return { "svix-id": id, "svix-timestamp": timestamp, "svix-signature": `v1,${btoa(String.fromCharCode(...mac))}`, "content-type": "application/json" };
}
