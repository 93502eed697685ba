import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { FAKE_RESEND_KEY } from "./global-setup";
import { failFor, fakeResend, heldAt, releaseHeld, resendTeam, sentTo, setResendClock } from "../helpers/resend";
import { eventually } from "../helpers/sequences";

// The fake Resend answers as the real API does where Reva can get it wrong: these tests pin what
// the fake promises, so a test that passes against it would pass against Resend.

const DAY_MS = 86_400_000;
let storeCounter = 0;
const newStoreId = () => `store_fake_${++storeCounter}_${crypto.randomUUID().slice(0, 8)}`;

function email(storeId: string, to = "shopper@example.com", overrides: Record<string, unknown> = {}) {
  return { from: "Shop <hello@example.com>", to: [to], subject: "Hi", html: "<p>Hi</p>", text: "Hi", tags: [{ name: "store_id", value: storeId }], ...overrides };
}

async function send(body: unknown, headers: Record<string, string> = {}, path = "/emails/batch") {
  const response = await fetch(`${env.RESEND_BASE_URL}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${FAKE_RESEND_KEY}`, "user-agent": "reva-test", "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json<any>().catch(() => null) };
}

describe("fake Resend: keys", () => {
  it("answers 401 without a key or with an unknown one, and sends nothing", async () => {
    const store = newStoreId();
    expect(await send([email(store)], { authorization: "" })).toMatchObject({ status: 401, body: { name: "missing_api_key" } });
    expect(await send([email(store)], { authorization: "Bearer re_not_a_key" })).toMatchObject({ status: 401, body: { statusCode: 401, name: "validation_error", message: "API key is invalid" } });
    const domains = await fetch(`${env.RESEND_BASE_URL}/domains`, { headers: { authorization: "Bearer re_not_a_key", "user-agent": "reva-test" } });
    expect(domains.status).toBe(400);
    expect((await sentTo(store)).emails).toEqual([]);
  });
});

describe("fake Resend: batch validation", () => {
  it("fails a whole strict batch for one bad email and sends none of it", async () => {
    const store = newStoreId();
    const answer = await send([email(store, "a@example.com"), email(store, "not-an-address")]);
    expect(answer).toMatchObject({ status: 422, body: { name: "validation_error", message: expect.stringContaining("emails[1]") } });
    expect((await sentTo(store)).emails).toEqual([]);
  });

  it("sends the valid emails of a permissive batch and lists the others by index", async () => {
    const store = newStoreId();
    await failFor(store, { reject_index_to: "refused@example.com" });
    const answer = await send(
      [email(store, "a@example.com"), email(store, "not-an-address"), email(store, "refused@example.com"), email(store, "b@example.com")],
      { "x-batch-validation": "permissive" },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(2);
    expect(answer.body.errors).toEqual([
      { index: 1, message: expect.stringContaining("`to`") },
      { index: 2, message: "Resend refused this recipient" },
    ]);
    const { emails } = await sentTo(store);
    expect(emails.map((e) => [e.id, e.to[0]])).toEqual([
      [answer.body.data[0].id, "a@example.com"],
      [answer.body.data[1].id, "b@example.com"],
    ]);
  });
});

describe("fake Resend: idempotency keys", () => {
  it("replays the first answer for the same body and refuses another body under the key", async () => {
    const store = newStoreId();
    const key = `k-${crypto.randomUUID()}`;
    const first = await send([email(store)], { "idempotency-key": key });
    const again = await send([email(store)], { "idempotency-key": key });
    expect(again).toMatchObject({ status: 200, body: first.body });
    const changed = await send([email(store, "other@example.com")], { "idempotency-key": key });
    expect(changed).toMatchObject({ status: 409, body: { name: "invalid_idempotent_request" } });
    const { emails, requests } = await sentTo(store);
    expect(emails).toHaveLength(1);
    expect(requests.map((r) => r.outcome)).toEqual([200, "replayed", 409]);
  });

  it("answers 409 concurrent_idempotent_requests while the first request with the key is still being processed", async () => {
    const store = newStoreId();
    await failFor(store, { hold: true });
    const key = `k-${crypto.randomUUID()}`;
    const first = send([email(store)], { "idempotency-key": key });
    await eventually(async () => expect(await heldAt(store)).toBe(1));
    expect(await send([email(store)], { "idempotency-key": key })).toMatchObject({ status: 409, body: { name: "concurrent_idempotent_requests" } });
    await releaseHeld(store);
    const answered = await first;
    expect(answered.status).toBe(200);
    expect(await send([email(store)], { "idempotency-key": key })).toMatchObject({ status: 200, body: answered.body });
    expect((await sentTo(store)).emails).toHaveLength(1);
  });

  it("forgets a key 24 hours after its first request, on the team's clock: the same request sends again", async () => {
    const store = newStoreId();
    const start = Date.now() + DAY_MS;
    const team = await resendTeam({ store_ids: [store], requests_per_second: 100, now: start });
    const key = `k-${crypto.randomUUID()}`;
    await send([email(store)], { "idempotency-key": key });
    await setResendClock(team.team_id, start + DAY_MS - 1);
    expect((await send([email(store)], { "idempotency-key": key })).status).toBe(200);
    expect((await sentTo(store)).emails).toHaveLength(1);
    await setResendClock(team.team_id, start + DAY_MS);
    await send([email(store)], { "idempotency-key": key });
    const { emails, requests } = await sentTo(store);
    expect(emails).toHaveLength(2);
    expect(requests.map((r) => r.outcome)).toEqual([200, "replayed", 200]);
    expect(emails.map((e) => e.at)).toEqual([start, start + DAY_MS]);
  });
});

describe("fake Resend: rate limit", () => {
  it("lets a team make 2 requests per second by default, then answers 429 with retry-after and Resend's error", async () => {
    const store = newStoreId();
    const other = newStoreId();
    const start = Date.now() + DAY_MS;
    const team = await resendTeam({ store_ids: [store, other], now: start });
    expect(team.requests_per_second).toBe(2);
    expect((await send([email(store)])).status).toBe(200);
    // The limit is the team's, whichever store the request is for.
    expect((await send([email(other)])).status).toBe(200);
    const limited = await send([email(store)]);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      name: "rate_limit_exceeded",
      message: expect.stringContaining("You can only make 2 requests per second"),
    });
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.headers.get("ratelimit-limit")).toBe("2");
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    // Wall time passing does not matter; the team's clock does.
    await setResendClock(team.team_id, start + 999);
    expect((await send([email(store)])).status).toBe(429);
    await setResendClock(team.team_id, start + 1000);
    expect((await send([email(store)])).status).toBe(200);
    expect((await sentTo(store)).requests.map((r) => r.outcome)).toEqual([200, 429, 429, 200]);
  });

  it("injects 429s for a store without looking at any clock", async () => {
    const store = newStoreId();
    await failFor(store, { rate_limit_next: 2, retry_after: 7 });
    const limited = await send([email(store)]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect((await send([email(store)])).status).toBe(429);
    expect((await send([email(store)])).status).toBe(200);
  });

  it("has no per-store rate limit to configure", async () => {
    const response = await fakeResend("/__fake/configure", { store_id: newStoreId(), store_requests_per_second: 1 });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("no per-store rate limit");
  });
});

describe("fake Resend: injected failures", () => {
  it("drops the connection on a timeout, sending nothing, and on an accepted-then-lost answer, sending once", async () => {
    const store = newStoreId();
    await failFor(store, { fail_rate: 1, fail_kinds: ["timeout"] });
    const key = `k-${crypto.randomUUID()}`;
    await expect(send([email(store)], { "idempotency-key": key })).rejects.toThrow();
    expect((await sentTo(store)).emails).toEqual([]);

    await failFor(store, { fail_rate: 1, fail_kinds: ["lost_timeout"] });
    await expect(send([email(store)], { "idempotency-key": key })).rejects.toThrow();
    await failFor(store, { fail_rate: 1, fail_kinds: ["lost"] });
    // The first accepted request's answer is replayed: the key holds, nothing goes twice.
    const replay = await send([email(store)], { "idempotency-key": key });
    expect(replay.status).toBe(200);
    const { emails, requests } = await sentTo(store);
    expect(emails.map((e) => e.id)).toEqual([replay.body.data[0].id]);
    expect(requests.map((r) => r.outcome)).toEqual(["timeout", "timeout-after-accept", "replayed"]);
  });

  it("refuses a sender domain the team has not verified with Resend's 403", async () => {
    const store = newStoreId();
    await resendTeam({ store_ids: [store], requests_per_second: 100, verified_domains: ["shop.example.com"] });
    expect((await send([email(store, "a@example.com", { from: "Shop <hi@shop.example.com>" })])).status).toBe(200);
    const refused = await send([email(store, "a@example.com", { from: "Shop <hi@other.example>" })]);
    expect(refused).toMatchObject({ status: 403, body: { name: "validation_error", message: expect.stringContaining("other.example domain is not verified") } });
    expect((await sentTo(store)).emails).toHaveLength(1);
  });
});
