import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  KLAVIYO_REVISION,
  checkAccount,
  createEvent,
  findMetricId,
  findProfileIds,
  listReceivedEmails,
  type KlaviyoClient,
  type KlaviyoEvent,
} from "../worker/integrations/klaviyo";
import {
  configureKlaviyo,
  klaviyoAccount,
  klaviyoEvents,
  klaviyoRequests,
  seedKlaviyoProfile,
  seedReceivedEmails,
} from "./helpers/klaviyo";

const HOUR = 3_600_000;
const client = (apiKey: string, timeoutMs?: number): KlaviyoClient => ({ baseUrl: env.KLAVIYO_BASE_URL!, apiKey, timeoutMs });

/** One address through the many-address look-up, as the coordinator uses it. */
async function findProfileId(klaviyo: KlaviyoClient, email: string) {
  const result = await findProfileIds(klaviyo, [email]);
  return result.kind === "ok" ? { kind: "ok" as const, value: result.value.get(email.toLowerCase()) ?? null } : result;
}
/** Whole-second instants relative to one "now", so seeded times and expected times agree. */
function clock() {
  const now = Math.floor(Date.now() / 1000) * 1000;
  return (hours: number) => new Date(now - hours * HOUR);
}

function cartEvent(overrides: Partial<KlaviyoEvent> = {}): KlaviyoEvent {
  return {
    metric: "Reva Cart Recovery Email Sent",
    email: "ann@example.com",
    properties: { sequence_id: "seq_1", step: "email_2h", cart_total: 42.5, first_touch: true, coupon: null },
    time: new Date("2026-11-26T10:00:00.750Z"),
    value: 42.5,
    valueCurrency: "USD",
    uniqueId: "seq_1:email_2h:sent",
    ...overrides,
  };
}

/** A raw call to the fake's API, for checking that the fake refuses what Klaviyo refuses. */
async function rawCall(apiKey: string, path: string, headers: Record<string, string> = {}, init: RequestInit = {}) {
  const response = await fetch(`${env.KLAVIYO_BASE_URL}${path}`, {
    ...init,
    headers: { authorization: `Klaviyo-API-Key ${apiKey}`, revision: KLAVIYO_REVISION, accept: "application/vnd.api+json", ...headers },
  });
  return { status: response.status, body: (await response.json()) as { errors: { code: string; detail: string; source: Record<string, string> }[] } };
}

describe("Klaviyo client: detecting Klaviyo's own emails", () => {
  it("finds the profile, the Received Email metric and only the emails after the look-back", async () => {
    const hoursAgo = clock();
    const key = await klaviyoAccount();
    const seeded = await seedReceivedEmails(key, "ann@example.com", [
      { datetime: hoursAgo(30), flowId: "FLOW_OLD", subject: "Too old" },
      { datetime: hoursAgo(5), flowId: "XyZ123", messageId: "MSG_A", campaignName: "Abandoned Cart: Email 1", subject: "You left something" },
      { datetime: hoursAgo(2), messageId: "CAMPAIGN_1", campaignName: "Black Friday", subject: "50% off" },
    ]);
    await seedReceivedEmails(key, "bob@example.com", [{ datetime: hoursAgo(1), flowId: "XyZ123", subject: "Not Ann's" }]);

    const profile = await findProfileId(client(key), "ann@example.com");
    expect(profile).toEqual({ kind: "ok", value: seeded.profile_id });
    const metric = await findMetricId(client(key), "Received Email");
    expect(metric).toEqual({ kind: "ok", value: seeded.metric_id });

    const emails = await listReceivedEmails(client(key), { profileId: seeded.profile_id, metricId: seeded.metric_id, since: hoursAgo(24) });
    expect(emails).toEqual({
      kind: "ok",
      value: [
        { id: seeded.event_ids[2], datetime: hoursAgo(2).toISOString(), flowId: null, messageId: "CAMPAIGN_1", campaignName: "Black Friday", subject: "50% off" },
        {
          id: seeded.event_ids[1],
          datetime: hoursAgo(5).toISOString(),
          flowId: "XyZ123",
          messageId: "MSG_A",
          campaignName: "Abandoned Cart: Email 1",
          subject: "You left something",
        },
      ],
    });
    const [eventsRequest] = (await klaviyoRequests(key)).filter((r) => r.path === "/api/events");
    expect(eventsRequest!.query.filter).toBe(
      `and(equals(profile_id,"${seeded.profile_id}"),equals(metric_id,"${seeded.metric_id}"),greater-than(datetime,${hoursAgo(24).toISOString()}))`,
    );
  });

  it("answers null for an address Klaviyo does not know and for a metric the account lacks", async () => {
    const key = await klaviyoAccount();
    await seedKlaviyoProfile(key, "ann@example.com");
    expect(await findProfileId(client(key), "nobody@example.com")).toEqual({ kind: "ok", value: null });
    expect(await findMetricId(client(key), "Received SMS")).toEqual({ kind: "ok", value: null });
  });

  it("looks up many addresses in one request (any(email, …)), case-insensitively, leaving out unknown ones", async () => {
    const apiKey = await klaviyoAccount();
    const ann = await seedKlaviyoProfile(apiKey, "ann@example.com");
    const bob = await seedKlaviyoProfile(apiKey, "bob@example.com");
    const before = (await klaviyoRequests(apiKey)).length;
    const result = await findProfileIds(client(apiKey), ["ann@example.com", "Bob@Example.com", "nobody@example.com", "ann@example.com"]);
    expect(result).toEqual({ kind: "ok", value: new Map([["ann@example.com", ann], ["bob@example.com", bob]]) });
    const calls = (await klaviyoRequests(apiKey)).slice(before);
    expect(calls.map((call) => [call.path, call.query.filter])).toEqual([["/api/profiles", 'any(email,["ann@example.com","bob@example.com","nobody@example.com"])']]);
  });

  it("escapes quotes and backslashes in a quoted email, so the filter keeps its meaning", async () => {
    const key = await klaviyoAccount();
    const odd = String.raw`"o\"brien\\"@example.com`;
    const profileId = await seedKlaviyoProfile(key, odd);
    await seedKlaviyoProfile(key, "o'neil@example.com");

    expect(await findProfileId(client(key), odd)).toEqual({ kind: "ok", value: profileId });
    expect((await findProfileId(client(key), "o'neil@example.com")).kind).toBe("ok");
    const [request] = await klaviyoRequests(key);
    expect(request!.query.filter).toBe(String.raw`any(email,["\"o\\\"brien\\\\\"@example.com"])`);
  });

  it("follows links.next across pages and stops at its bound of five pages", async () => {
    const hoursAgo = clock();
    const key = await klaviyoAccount();
    const messages = Array.from({ length: 450 }, (_, i) => ({ datetime: new Date(hoursAgo(20).getTime() + i * 1000), subject: `#${i}` }));
    const seeded = await seedReceivedEmails(key, "ann@example.com", messages);
    const query = { profileId: seeded.profile_id, metricId: seeded.metric_id, since: hoursAgo(24) };

    const all = await listReceivedEmails(client(key), query);
    expect(all.kind === "ok" && all.value.map((e) => e.subject)).toEqual(messages.map((m) => m.subject).reverse());
    const pages = (await klaviyoRequests(key)).filter((r) => r.path === "/api/events");
    expect(pages.map((r) => Boolean(r.query["page[cursor]"]))).toEqual([false, true, true]);
    expect(pages.every((r) => r.query.filter === pages[0]!.query.filter)).toBe(true);

    await seedReceivedEmails(key, "ann@example.com", Array.from({ length: 700 }, () => ({ datetime: hoursAgo(1) })));
    const bounded = await listReceivedEmails(client(key), query);
    expect(bounded.kind === "ok" && bounded.value.length).toBe(1000);
    expect((await klaviyoRequests(key)).filter((r) => r.path === "/api/events")).toHaveLength(3 + 5);
  });

  it("does not follow a next link to another origin, which would carry the key there", async () => {
    const hoursAgo = clock();
    const key = await klaviyoAccount();
    const seeded = await seedReceivedEmails(key, "ann@example.com", Array.from({ length: 201 }, () => ({ datetime: hoursAgo(1) })));
    await configureKlaviyo(key, { linksOrigin: "https://attacker.example" });

    const result = await listReceivedEmails(client(key), { profileId: seeded.profile_id, metricId: seeded.metric_id, since: hoursAgo(24) });
    expect(result).toEqual({ kind: "unavailable", message: "Klaviyo pointed to another origin: https://attacker.example" });
    expect((await klaviyoRequests(key)).filter((r) => r.path === "/api/events")).toHaveLength(1);
  });
});

describe("Klaviyo client: Reva's own events", () => {
  it("creates an event (202) and a retry with the same unique_id is stored once", async () => {
    const key = await klaviyoAccount();
    expect(await createEvent(client(key), cartEvent())).toEqual({ kind: "ok", value: null });
    expect(await createEvent(client(key), cartEvent())).toEqual({ kind: "ok", value: null });
    expect((await klaviyoRequests(key)).map((r) => r.status)).toEqual([202, 202]);

    expect(await klaviyoEvents(key)).toEqual([
      {
        id: expect.any(String),
        metric: "Reva Cart Recovery Email Sent",
        email: "ann@example.com",
        properties: { sequence_id: "seq_1", step: "email_2h", cart_total: 42.5, first_touch: true, coupon: null },
        time: "2026-11-26T10:00:00.000Z",
        value: 42.5,
        value_currency: "USD",
        unique_id: "seq_1:email_2h:sent",
      },
    ]);

    await createEvent(client(key), cartEvent({ uniqueId: "seq_1:email_24h:sent", value: undefined, valueCurrency: undefined }));
    const events = await klaviyoEvents(key);
    expect(events.map((e) => [e.unique_id, e.value])).toEqual([
      ["seq_1:email_2h:sent", 42.5],
      ["seq_1:email_24h:sent", null],
    ]);
  });

  it("an event Klaviyo refuses is rejected with the field it names", async () => {
    const key = await klaviyoAccount();
    const result = await createEvent(client(key), cartEvent({ metric: "x".repeat(128) }));
    expect(result).toEqual({ kind: "rejected", status: 400, message: expect.stringContaining("/data/attributes/metric/data/attributes/name") });
    expect(await klaviyoEvents(key)).toEqual([]);
  });
});

describe("Klaviyo client: failures", () => {
  it("reads the account for a live connection test", async () => {
    const key = await klaviyoAccount("Acme & Co");
    const result = await checkAccount(client(key));
    expect(result).toEqual({ kind: "ok", value: { id: expect.stringMatching(/^[A-Z0-9]{6}$/), organizationName: "Acme & Co" } });
  });

  it("a key Klaviyo does not know is unauthorized, on every call", async () => {
    const key = `pk_unknown_${crypto.randomUUID()}`;
    const unauthorized = { kind: "unauthorized", message: expect.stringContaining("401 not_authenticated") };
    expect(await checkAccount(client(key))).toEqual(unauthorized);
    expect(await findProfileId(client(key), "ann@example.com")).toEqual(unauthorized);
    expect(await createEvent(client(key), cartEvent())).toEqual(unauthorized);
    expect((await klaviyoRequests(key)).map((r) => r.status)).toEqual([401, 401, 401]);
  });

  it("429 is rate_limited with Klaviyo's Retry-After seconds", async () => {
    const key = await klaviyoAccount();
    await configureKlaviyo(key, { rateLimit: { steady: 2 } });
    expect((await findProfileId(client(key), "ann@example.com")).kind).toBe("ok");
    expect((await findProfileId(client(key), "ann@example.com")).kind).toBe("ok");
    const limited = await findProfileId(client(key), "ann@example.com");

    const last = (await klaviyoRequests(key)).at(-1)!;
    expect(last.status).toBe(429);
    expect(Number(last.retry_after)).toBeGreaterThan(50);
    expect(limited).toEqual({ kind: "rate_limited", retryAfterSeconds: Number(last.retry_after) });
  });

  it("a test connection twice in a second meets Accounts' real limit of one per second", async () => {
    const key = await klaviyoAccount();
    expect((await checkAccount(client(key))).kind).toBe("ok");
    expect(await checkAccount(client(key))).toEqual({ kind: "rate_limited", retryAfterSeconds: 1 });
  });

  it("5xx answers are unavailable", async () => {
    const key = await klaviyoAccount();
    await configureKlaviyo(key, { failStatus: 503 });
    expect(await findMetricId(client(key), "Received Email")).toEqual({ kind: "unavailable", message: expect.stringContaining("Klaviyo 503") });
    await configureKlaviyo(key, { failStatus: 500 });
    expect(await createEvent(client(key), cartEvent())).toEqual({ kind: "unavailable", message: expect.stringContaining("Klaviyo 500") });
    expect(await klaviyoEvents(key)).toEqual([]);
  });

  it("an answer slower than the 2 s default timeout is unavailable; a longer timeout waits for it", async () => {
    const key = await klaviyoAccount();
    await configureKlaviyo(key, { delayMs: 2300 });
    const started = Date.now();
    expect(await findProfileId(client(key), "ann@example.com")).toEqual({ kind: "unavailable", message: "Klaviyo did not answer within 2000 ms" });
    expect(Date.now() - started).toBeLessThan(2300);
    expect(await findProfileId(client(key, 4000), "ann@example.com")).toEqual({ kind: "ok", value: null });
  });

  it("an unreachable Klaviyo is unavailable", async () => {
    const result = await checkAccount({ baseUrl: "http://127.0.0.1:9", apiKey: "pk_x" });
    expect(result).toEqual({ kind: "unavailable", message: expect.stringContaining("Klaviyo unreachable") });
  });
});

describe("Klaviyo client: every request is one the real API accepts", () => {
  it("carries the key, the revision and JSON:API media types", async () => {
    const hoursAgo = clock();
    const key = await klaviyoAccount();
    const seeded = await seedReceivedEmails(key, "ann@example.com", [{ datetime: hoursAgo(1) }]);
    await checkAccount(client(key));
    await findProfileId(client(key), "ann@example.com");
    await findMetricId(client(key), "Received Email");
    await listReceivedEmails(client(key), { profileId: seeded.profile_id, metricId: seeded.metric_id, since: hoursAgo(24) });
    await createEvent(client(key), cartEvent());

    const requests = await klaviyoRequests(key);
    expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /api/accounts 200",
      "GET /api/profiles 200",
      "GET /api/metrics 200",
      "GET /api/events 200",
      "POST /api/events 202",
    ]);
    for (const request of requests) {
      expect(request).toMatchObject({ authorization: `Klaviyo-API-Key ${key}`, revision: "2026-10-15", accept: "application/vnd.api+json" });
      expect(request.content_type).toBe(request.method === "POST" ? "application/vnd.api+json" : null);
    }
  });
});

describe("the fake Klaviyo refuses what Klaviyo refuses", () => {
  it("a missing or unknown revision header", async () => {
    const key = await klaviyoAccount();
    expect((await rawCall(key, "/api/accounts", { revision: "" })).status).toBe(400);
    const unknown = await rawCall(key, "/api/accounts", { revision: "2019-01-01" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]!.detail).toContain("not a valid revision");
  });

  it("an Authorization header in another scheme", async () => {
    const key = await klaviyoAccount();
    expect((await rawCall(key, "/api/accounts", { authorization: `Bearer ${key}` })).status).toBe(401);
  });

  it("a quoted datetime, an unknown operator, a field the endpoint does not filter on", async () => {
    const key = await klaviyoAccount();
    const events = (filter: string) => rawCall(key, `/api/events?filter=${encodeURIComponent(filter)}`);
    const quoted = await events(`greater-than(datetime,"2026-11-26T10:00:00Z")`);
    expect(quoted.status).toBe(400);
    expect(quoted.body.errors[0]).toMatchObject({ code: "invalid", source: { parameter: "filter" } });
    expect((await events("greater-than(datetime,2026-11-26T10:00:00Z)")).status).toBe(200);
    expect((await events(`equal(profile_id,"X")`)).status).toBe(400);
    expect((await events(`equals(profile_id,X)`)).status).toBe(400);
    expect((await events(`equals(email,"ann@example.com")`)).status).toBe(400);
    expect((await events(`and(equals(profile_id,"X")`)).status).toBe(400);
    const metrics = await rawCall(key, `/api/metrics?filter=${encodeURIComponent(`equals(name,"Received Email")`)}`);
    expect(metrics.status).toBe(400);
  });

  it("a Create Event body that is not JSON:API, or not sent as JSON", async () => {
    const key = await klaviyoAccount();
    const post = (body: unknown, type = "application/vnd.api+json") =>
      rawCall(key, "/api/events", { "content-type": type }, { method: "POST", body: JSON.stringify(body) });
    const flat = await post({ metric: "x", email: "ann@example.com" });
    expect(flat.status).toBe(400);
    expect(flat.body.errors[0]!.source).toEqual({ pointer: "/data" });
    const noProfile = await post({ data: { type: "event", attributes: { properties: {}, metric: { data: { type: "metric", attributes: { name: "x" } } } } } });
    expect(noProfile.body.errors[0]!.source).toEqual({ pointer: "/data/attributes/profile/data" });
    expect((await post({ data: { type: "event", attributes: {} } }, "text/plain")).status).toBe(415);
  });

  it("page sizes beyond the endpoint's maximum and cursors from another query", async () => {
    const key = await klaviyoAccount();
    expect((await rawCall(key, "/api/profiles?page%5Bsize%5D=101")).status).toBe(400);
    expect((await rawCall(key, "/api/events?page%5Bcursor%5D=bogus")).status).toBe(400);
  });
});
