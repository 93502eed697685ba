import { describe, expect, it } from "vitest";
import {
  GA4_LIMITS,
  type Ga4Event,
  clientIdFromGaCookie,
  eventProblems,
  eventRequests,
  sendEvents,
  stableClientId,
  validateEvents,
} from "../worker/integrations/ga4";
import { ga4FailFor, ga4Received, newGa4Property, resetGa4 } from "./helpers/ga4";

const HOUR = 3600_000;
const micros = (ms: number) => ms * 1000;

/** Reva's events as a store would send them; every one of them must pass GA's rules. */
function revaEvents(at: number): Ga4Event[] {
  const session = { session_id: String(Math.floor(at / 1000)), engagement_time_msec: 1 };
  const order = { transaction_id: "1001", value: 49.9, currency: "EUR" };
  return [
    { name: "recovery_email_sent", params: { step: "email_2h", ...session } },
    { name: "recovery_email_opened", params: { step: "email_2h", ...session } },
    { name: "recovery_email_clicked", params: { step: "email_2h", ...session } },
    { name: "recovery_popup_shown", params: { step: "popup_1h", ...session } },
    { name: "recovery_popup_clicked", params: { step: "popup_1h", ...session } },
    { name: "recovery_popup_dismissed", params: { step: "popup_1h", ...session } },
    { name: "recovery_conversion", params: { ...order, step: "email_2h", ...session } },
    { name: "purchase", params: { ...order, items: [{ item_id: "sku-1", item_name: "Mug", price: 49.9, quantity: 1 }] } },
    { name: "refund", params: order },
  ].map((event, i) => ({ ...event, timestamp_micros: micros(at - i * 1000) }));
}

describe("GA4 client ids", () => {
  it("come from the _ga cookie's last two numbers", () => {
    expect(clientIdFromGaCookie("GA1.1.123456789.1700000000")).toBe("123456789.1700000000");
    expect(clientIdFromGaCookie(" GA1.2.987654321.1699999999 ")).toBe("987654321.1699999999");
    expect(clientIdFromGaCookie("GA1.2-2.42.1700000000")).toBe("42.1700000000");
  });

  it("or are taken as they stand when the widget already took them out of the cookie", () => {
    expect(clientIdFromGaCookie("123456789.1700000000")).toBe("123456789.1700000000");
  });

  it.each([undefined, null, "", "123456789", "GA1.1.123456789", "GA1.1.abc.1700000000", "GA1.1.0.1700000000", "GS1.1.1700000000.1.1.1700000000.0", "GA1.1.1.2.3"])(
    "are null for a malformed cookie %j",
    (value) => {
      expect(clientIdFromGaCookie(value)).toBeNull();
    },
  );

  it("are stable hashes in GA's number.number form when there is no cookie", async () => {
    const first = await stableClientId("store_1:ann@example.com");
    expect(first).toMatch(/^[1-9]\d*\.[1-9]\d{9}$/);
    expect(await stableClientId("store_1:ann@example.com")).toBe(first);
    const others = await Promise.all(["store_2:ann@example.com", "store_1:bob@example.com", "store_1:ann@example.co"].map(stableClientId));
    expect(new Set([first, ...others]).size).toBe(4);
  });

  it("pass GA's strict client_id check", async () => {
    const { client } = await newGa4Property();
    const request = { client_id: await stableClientId("store_1:ann@example.com"), events: revaEvents(Date.now()).slice(0, 1) };
    expect(await validateEvents(client, request)).toEqual({ kind: "ok", messages: [] });
    const bad = await validateEvents(client, { ...request, client_id: "ann@example.com" });
    expect(bad).toMatchObject({ kind: "ok", messages: [{ fieldPath: "client_id", validationCode: "VALUE_INVALID" }] });
  });
});

describe("eventProblems", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");
  const event = (overrides: Partial<Ga4Event>): Ga4Event => ({ name: "recovery_email_sent", params: { step: "email_2h" }, ...overrides });
  const manyParams = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, i]));

  it("finds nothing wrong with Reva's own events", () => {
    for (const e of revaEvents(now)) expect(eventProblems(e, now), e.name).toEqual([]);
    expect(eventProblems(event({ name: "a".repeat(40), params: manyParams(25) }), now)).toEqual([]);
  });

  it.each([
    ["a name over 40 characters", event({ name: "a".repeat(41) }), /41 characters long \(at most 40\)/],
    ["a name starting with a digit", event({ name: "1st_email" }), /must start with a letter/],
    ["a name starting with an underscore", event({ name: "_sent" }), /must start with a letter/],
    ["a name with a hyphen", event({ name: "recovery-email" }), /only letters, digits and underscores/],
    ["a reserved name", event({ name: "session_start" }), /"session_start" is reserved/],
    ["a name only app streams may use", event({ name: "screen_view" }), /"screen_view" is reserved/],
    ["a reserved name prefix", event({ name: "google_email" }), /starts with "google_"/],
    ["more than 25 params", event({ params: manyParams(26) }), /26 params \(at most 25\)/],
    ["a param name over 40 characters", event({ params: { ["p".repeat(41)]: 1 } }), /param name "p+" is 41 characters long/],
    ["a param name starting with a digit", event({ params: { "2nd": 1 } }), /param name "2nd" must start with a letter/],
    ["a reserved param prefix", event({ params: { ga_step: "x" } }), /param name "ga_step" starts with "ga_"/],
    ["the reserved param name", event({ params: { firebase_conversion: 1 } }), /"firebase_conversion" starts with "firebase_"/],
    ["a param value over 100 characters", event({ params: { step: "x".repeat(101) } }), /param "step" is 101 characters long \(at most 100\)/],
    ["a param value that is not a number", event({ params: { value: Number.NaN } }), /param "value" is not a finite number/],
    ["a boolean param value", event({ params: { flag: true as unknown as string } }), /param "flag" must be a string or a number/],
    ["a list outside items", event({ params: { skus: [{ item_id: "a" }] } }), /param "skus" must be a string or a number/],
    ["an item without id or name", event({ name: "purchase", params: { items: [{ price: 1 }] } }), /items\[0\] needs an item_id or an item_name/],
    ["an item with 11 custom params", event({ name: "purchase", params: { items: [{ item_id: "a", ...manyParams(11) }] } }), /items\[0\] has 11 custom params/],
    ["an item value over 100 characters", event({ name: "purchase", params: { items: [{ item_id: "a".repeat(101) }] } }), /items\[0\]\.item_id is 101 characters/],
    ["a timestamp older than 72 h", event({ timestamp_micros: micros(now - 73 * HOUR) }), /timestamp is 73 h old \(at most 72 h\)/],
    ["a timestamp in the future", event({ timestamp_micros: micros(now + 1000) }), /timestamp is in the future/],
    ["a timestamp in milliseconds with a fraction", event({ timestamp_micros: now + 0.5 }), /whole number of microseconds/],
  ])("catches %s", (_, bad, problem) => {
    const problems = eventProblems(bad, now);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toMatch(problem);
  });

  it("accepts a timestamp just inside the 72 h window", () => {
    expect(eventProblems(event({ timestamp_micros: micros(now - 72 * HOUR + 1000) }), now)).toEqual([]);
  });
});

describe("sending events", () => {
  it("sends 30 events of one browser as 2 requests of at most 25, and GA keeps all 30 with their own times", async () => {
    const { client, measurementId } = await newGa4Property();
    const start = Date.now() - 2 * HOUR;
    const events: Ga4Event[] = Array.from({ length: 30 }, (_, i) => ({
      name: "recovery_email_opened",
      params: { step: "email_2h", n: i },
      timestamp_micros: micros(start + i * 60_000),
    }));
    const requests = eventRequests({ client_id: "123456789.1700000000", user_id: "customer-7" }, events);
    expect(requests.map((r) => r.events.length)).toEqual([25, 5]);
    for (const request of requests) expect(await sendEvents(client, request)).toEqual({ kind: "ok" });

    const received = await ga4Received(measurementId);
    expect(received.requests.map((r) => [r.endpoint, r.events, r.valid, r.dropped])).toEqual([
      ["collect", 25, true, null],
      ["collect", 5, true, null],
    ]);
    expect(received.requests.every((r) => r.bytes > 0 && r.bytes < 130_000)).toBe(true);
    expect(received.events).toHaveLength(30);
    expect(received.events.map((e) => e.params.n)).toEqual(events.map((_, i) => i));
    expect(received.events.map((e) => e.timestamp_micros)).toEqual(events.map((e) => e.timestamp_micros));
    expect(new Set(received.events.map((e) => `${e.client_id}/${e.user_id}`))).toEqual(new Set(["123456789.1700000000/customer-7"]));
  });

  it("keeps every one of Reva's events, purchase and refund included", async () => {
    const { client, measurementId } = await newGa4Property();
    const events = revaEvents(Date.now());
    expect(await sendEvents(client, { client_id: "42.1700000000", events })).toEqual({ kind: "ok" });
    const received = await ga4Received(measurementId);
    expect(received.requests[0]).toMatchObject({ valid: true, kept_events: events.length, problems: [] });
    expect(received.events.map((e) => e.name)).toEqual(events.map((e) => e.name));
  });

  it("is ok even when GA drops everything: an unknown secret or a request over 25 events", async () => {
    const { client, measurementId } = await newGa4Property();
    const events = revaEvents(Date.now()).slice(0, 1);
    expect(await sendEvents({ ...client, apiSecret: "wrong" }, { client_id: "1.2", events })).toEqual({ kind: "ok" });
    const tooMany = Array.from({ length: 26 }, () => events[0]!);
    expect(await sendEvents(client, { client_id: "1.2", events: tooMany })).toEqual({ kind: "ok" });

    const received = await ga4Received(measurementId);
    expect(received.requests.map((r) => r.dropped)).toEqual(["unknown_credentials", "invalid_request"]);
    expect(received.requests[1]!.problems).toContainEqual(expect.objectContaining({ fieldPath: "events", validationCode: "EXCEEDED_MAX_ENTITIES" }));
    expect(received.events).toEqual([]);
  });

  it("keeps an event but not its over-long param, and records the request as invalid", async () => {
    const { client, measurementId } = await newGa4Property();
    await sendEvents(client, { client_id: "1.2", events: [{ name: "recovery_email_sent", params: { step: "email_2h", note: "x".repeat(101) } }] });
    const received = await ga4Received(measurementId);
    expect(received.requests[0]).toMatchObject({ valid: false, dropped: null, kept_events: 1 });
    expect(received.requests[0]!.problems).toEqual([expect.objectContaining({ fieldPath: "events[0].params.note", validationCode: "VALUE_OUT_OF_BOUNDS" })]);
    expect(received.events[0]!.params).toEqual({ step: "email_2h" });
  });

  it("moves an event older than 72 h to 72 h ago, as GA's default validation does", async () => {
    const { client, measurementId } = await newGa4Property();
    const sentAt = micros(Date.now() - 80 * HOUR);
    const before = micros(Date.now());
    await sendEvents(client, { client_id: "1.2", events: [{ name: "recovery_email_sent", params: {}, timestamp_micros: sentAt }] });
    const [event] = (await ga4Received(measurementId)).events;
    expect(event).toMatchObject({ sent_timestamp_micros: sentAt, clamped: true });
    expect(event!.timestamp_micros).toBeGreaterThanOrEqual(before - GA4_LIMITS.maxAgeMs * 1000);
    expect(event!.timestamp_micros).toBeLessThan(sentAt + 9 * HOUR * 1000);
  });
});

describe("validating events", () => {
  it("returns GA's validation messages for a bad event and none for good ones", async () => {
    const { client, measurementId } = await newGa4Property();
    const good = await validateEvents(client, { client_id: "42.1700000000", events: revaEvents(Date.now()) });
    expect(good).toEqual({ kind: "ok", messages: [] });

    const bad = await validateEvents(client, {
      client_id: "42.1700000000",
      events: [
        { name: "recovery_email_sent", params: {} },
        { name: "_badEventName", params: {} },
        { name: "session_start", params: {} },
        { name: "recovery_conversion", params: { transaction_id: "x".repeat(101) } },
      ],
    });
    expect(bad).toEqual({
      kind: "ok",
      messages: [
        {
          fieldPath: "events",
          description: "Event at index: [1] has invalid name [_badEventName]. Names must start with an alphabetic character.",
          validationCode: "NAME_INVALID",
        },
        { fieldPath: "events", description: "Event at index: [2] has name [session_start] which is reserved.", validationCode: "NAME_RESERVED" },
        { fieldPath: "events[3].params.transaction_id", description: expect.stringContaining("100 characters or fewer"), validationCode: "VALUE_OUT_OF_BOUNDS" },
      ],
    });
    // The validation server keeps nothing and was asked for strict validation.
    const received = await ga4Received(measurementId);
    expect(received.events).toEqual([]);
    expect(received.requests.map((r) => [r.endpoint, r.validation_behavior])).toEqual([
      ["debug", "ENFORCE_RECOMMENDATIONS"],
      ["debug", "ENFORCE_RECOMMENDATIONS"],
    ]);
  });

  it("reports an event older than 72 h, as eventProblems does", async () => {
    const { client } = await newGa4Property();
    const stale: Ga4Event = { name: "recovery_email_sent", params: {}, timestamp_micros: micros(Date.now() - 73 * HOUR) };
    expect(eventProblems(stale)).toEqual([expect.stringMatching(/73 h old/)]);
    const answer = await validateEvents(client, { client_id: "1.2", events: [stale] });
    expect(answer).toMatchObject({
      kind: "ok",
      messages: [{ fieldPath: "events", validationCode: "VALUE_INVALID", description: expect.stringMatching(/^Event at index: \[0\] timestamp_micros has timestamp too far in the past/) }],
    });
  });

  it("cannot tell a wrong API secret, like GA's own validation server", async () => {
    const { client, measurementId } = await newGa4Property();
    const answer = await validateEvents({ ...client, apiSecret: "wrong" }, { client_id: "1.2", events: revaEvents(Date.now()).slice(0, 1) });
    expect(answer).toEqual({ kind: "ok", messages: [] });
    expect((await ga4Received(measurementId)).requests).toHaveLength(1);
  });
});

describe("GA4 outages", () => {
  const request = { client_id: "1.2", events: [{ name: "recovery_email_sent", params: { step: "email_2h" } }] };

  it("a 500 is unavailable, and nothing is kept", async () => {
    const { client, measurementId } = await newGa4Property();
    await ga4FailFor(measurementId, { status: 500 });
    expect(await sendEvents(client, request)).toMatchObject({ kind: "unavailable", message: expect.stringMatching(/^GA4 500/) });
    expect(await validateEvents(client, request)).toMatchObject({ kind: "unavailable" });
    const received = await ga4Received(measurementId);
    expect(received.requests.map((r) => r.outcome)).toEqual(["500", "500"]);
    expect(received.events).toEqual([]);
  });

  it("a reset connection is unavailable", async () => {
    const { client, measurementId } = await newGa4Property();
    await ga4FailFor(measurementId, { reset: true });
    expect(await sendEvents(client, request)).toMatchObject({ kind: "unavailable", message: expect.stringMatching(/^GA4 unreachable/) });
    expect((await ga4Received(measurementId)).requests.map((r) => r.outcome)).toEqual(["reset"]);
  });

  it("a 4xx is rejected with its status (never retried)", async () => {
    const { client, measurementId } = await newGa4Property();
    await ga4FailFor(measurementId, { status: 403 });
    expect(await sendEvents(client, request)).toMatchObject({ kind: "rejected", status: 403 });
    expect(await validateEvents(client, request)).toMatchObject({ kind: "rejected", status: 403 });
  });

  it("a slow GA is unavailable once the client's timeout passes, though GA kept the events", async () => {
    const { client, measurementId } = await newGa4Property();
    await ga4FailFor(measurementId, { delay_ms: 10_000 });
    const started = Date.now();
    const outcome = await sendEvents({ ...client, timeoutMs: 300 }, request);
    const elapsed = Date.now() - started;
    expect(outcome).toMatchObject({ kind: "unavailable" });
    expect(elapsed).toBeLessThan(3000);
    expect((await ga4Received(measurementId)).events).toHaveLength(1);
  });

  it("waits 2 s by default: over that counts as failed", async () => {
    const { client, measurementId } = await newGa4Property();
    await ga4FailFor(measurementId, { delay_ms: 10_000 });
    const started = Date.now();
    expect(await validateEvents(client, request)).toMatchObject({ kind: "unavailable" });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(5000);
  });

  it("recovers once the failure is lifted; a reset forgets what was received but not the property", async () => {
    const { client, measurementId } = await newGa4Property();
    await ga4FailFor(measurementId, { status: 500 });
    expect(await sendEvents(client, request)).toMatchObject({ kind: "unavailable" });
    await resetGa4(measurementId);
    expect(await ga4Received(measurementId)).toEqual({ requests: [], events: [] });
    expect(await sendEvents(client, request)).toEqual({ kind: "ok" });
    expect((await ga4Received(measurementId)).events).toHaveLength(1);
  });
});
