import { env } from "cloudflare:test";

export type FakeEmail = {
  id: string;
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

/** What the fake Resend accepted for one store (tests share the fake, never a store). */
export async function sentTo(storeId: string): Promise<{ emails: FakeEmail[]; requests: { outcome: number | string; size: number }[] }> {
  return (await fakeResend(`/__fake/sent?store_id=${storeId}`)).json();
}

export async function failFor(
  storeId: string,
  mode: { fail_rate?: number; fail_after_accept?: boolean; reject_400?: boolean; store_requests_per_second?: number },
) {
  await fakeResend("/__fake/configure", { store_id: storeId, ...mode });
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
