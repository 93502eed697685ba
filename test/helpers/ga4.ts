import { env } from "cloudflare:test";
import type { Ga4Client, Ga4Params, Ga4ValidationMessage } from "../../worker/integrations/ga4";

/** One request as the fake GA4 received it (see test/fakes/ga4-server.mjs). */
export type FakeGa4Request = {
  id: number;
  endpoint: "collect" | "debug";
  at: number;
  client_id: string | null;
  user_id: string | null;
  events: number;
  bytes: number;
  validation_behavior: "RELAXED" | "ENFORCE_RECOMMENDATIONS";
  /** Valid under strict validation, credentials aside (GA's validator does not check them either). */
  valid: boolean;
  problems: Partial<Ga4ValidationMessage>[];
  /** "answered", or the injected failure: "reset" or its status ("500"). */
  outcome: string;
  /** Why /mp/collect kept none of its events: missing_credentials, unknown_credentials, malformed, invalid_request. */
  dropped: string | null;
  kept_events: number;
};

/** One event GA4 would have kept, with the timestamp it would have used (moved to 72 h ago when older). */
export type FakeGa4Event = {
  request_id: number;
  client_id: string;
  user_id: string | null;
  name: string;
  params: Ga4Params;
  timestamp_micros: number;
  sent_timestamp_micros: number | null;
  clamped: boolean;
};

export async function fakeGa4(path: string, body?: unknown) {
  return fetch(`${env.GA4_BASE_URL}${path}`, {
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
}

/** A GA4 property of the test's own (tests share the fake, never a measurement id), and a client for it. */
export async function newGa4Property(): Promise<{ measurementId: string; apiSecret: string; client: Ga4Client }> {
  const measurementId = `G-${crypto.randomUUID().replaceAll("-", "").slice(0, 10).toUpperCase()}`;
  const apiSecret = crypto.randomUUID().replaceAll("-", "").slice(0, 22);
  const answer = await fakeGa4("/__fake/properties", { measurement_id: measurementId, api_secret: apiSecret });
  if (answer.status !== 204) throw new Error(`fake GA4 refused the property: ${answer.status}`);
  return { measurementId, apiSecret, client: { baseUrl: env.GA4_BASE_URL as string, measurementId, apiSecret } };
}

/** What the fake GA4 received for one measurement id: every request, and the events it kept. */
export async function ga4Received(measurementId: string): Promise<{ requests: FakeGa4Request[]; events: FakeGa4Event[] }> {
  return (await fakeGa4(`/__fake/received?measurement_id=${encodeURIComponent(measurementId)}`)).json();
}

/**
 * Makes GA4 fail for one measurement id: answer `status` (500: down), cut the connection (`reset`), or answer only
 * after `delay_ms` (slow: the events are kept, the answer is late). No mode restores it.
 */
export async function ga4FailFor(measurementId: string, mode: { status?: number; reset?: boolean; delay_ms?: number }) {
  await fakeGa4("/__fake/failures", { measurement_id: measurementId, ...mode });
}

/** Forgets what one measurement id received and its failure; its registration stays. */
export async function resetGa4(measurementId: string) {
  await fakeGa4("/__fake/reset", { measurement_id: measurementId });
}
