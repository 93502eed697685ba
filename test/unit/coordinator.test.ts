import { describe, expect, it } from "vitest";
import { decideEmail, minutesUntilQuietHoursEnd, type SendFacts, GUARD_RECHECK_MS, UNGUARDED } from "../../worker/domain/coordinator";
import { coordinatorSettings } from "./fixtures";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const HOUR = 3_600_000;

function facts(overrides: Partial<SendFacts> = {}, settings: Partial<SendFacts["settings"]> = {}): SendFacts {
  return {
    now: NOW,
    sequenceStatus: "active",
    email: "a@example.com",
    cartIsEmpty: false,
    acceptsMarketing: true,
    suppression: null,
    recentEmailTimes: [],
    emailsSentToday: 0,
    sender: UNGUARDED,
    klaviyo: null,
    holdUntil: NOW + 24 * HOUR,
    settings: coordinatorSettings(settings),
    ...overrides,
  };
}

describe("the coordinator", () => {
  it("sends when nothing stands in the way", () => {
    expect(decideEmail(facts())).toEqual({ action: "send" });
  });

  it("skips stopped sequences, suppressed addresses and shoppers without consent, in that order", () => {
    expect(decideEmail(facts({ sequenceStatus: "stopped", suppression: "unsubscribed" }))).toMatchObject({ action: "skip", reason: "sequence is stopped" });
    expect(decideEmail(facts({ suppression: "bounced", acceptsMarketing: false }))).toMatchObject({ action: "skip", reason: "address suppressed (bounced)" });
    expect(decideEmail(facts({ acceptsMarketing: false }))).toMatchObject({ action: "skip", reason: expect.stringContaining("consent") });
    expect(decideEmail(facts({ acceptsMarketing: false }, { consent_mode: "all" }))).toEqual({ action: "send" });
    expect(decideEmail(facts({ email: null }))).toMatchObject({ action: "skip" });
  });

  it("defers past the frequency cap until the oldest email in the window ages out", () => {
    const sentTwoHoursAgo = NOW - 2 * HOUR;
    expect(decideEmail(facts({ recentEmailTimes: [sentTwoHoursAgo] }))).toEqual({
      action: "defer",
      until: sentTwoHoursAgo + 24 * HOUR,
      reason: "frequency cap: 1 email(s) per 24 h to this shopper",
    });
    expect(decideEmail(facts({ recentEmailTimes: [NOW - 25 * HOUR] }))).toEqual({ action: "send" });
    const two = facts({ recentEmailTimes: [NOW - 5 * HOUR, NOW - HOUR] }, { frequency_cap: { max_emails: 2, per_hours: 24 } });
    expect(decideEmail(two)).toMatchObject({ action: "defer", until: NOW - 5 * HOUR + 24 * HOUR });
  });

  it("defers to the next day at the daily send limit", () => {
    expect(decideEmail(facts({ emailsSentToday: 50 }, { daily_send_limit: 50 }))).toMatchObject({
      action: "defer",
      until: Date.parse("2026-11-26T00:00:00Z"),
    });
    expect(decideEmail(facts({ emailsSentToday: 49 }, { daily_send_limit: 50 }))).toEqual({ action: "send" });
  });

  it("skips addresses no shopper reads: bad syntax, disposable domains, role addresses", () => {
    expect(decideEmail(facts({ email: "postmaster@example.com" }))).toEqual({ action: "skip", reason: "role address (postmaster@), not a shopper" });
    expect(decideEmail(facts({ email: "x@mailinator.com" }))).toEqual({ action: "skip", reason: "disposable address domain (mailinator.com)" });
    expect(decideEmail(facts({ email: "a@@example.com" }))).toEqual({ action: "skip", reason: "invalid address syntax" });
  });

  it("holds every email while the deliverability guard pauses the store, and looks again in 15 minutes", () => {
    const reason = "Deliverability guard: complaint rate 0.41 % over 24 h";
    const paused = { verdict: { state: "paused" as const, reason }, warmUp: null };
    expect(decideEmail(facts({ sender: paused }))).toEqual({ action: "defer", until: NOW + GUARD_RECHECK_MS, reason });
    // A suppressed address is still skipped, not held: the guard never sends what rules 1–3 stop.
    expect(decideEmail(facts({ sender: paused, suppression: "bounced" }))).toMatchObject({ action: "skip" });
    const slowed = { verdict: { state: "slowed" as const, reason: "Deliverability guard: sending slowed, bounce rate 2.50 % over 24 h" }, warmUp: null };
    expect(decideEmail(facts({ sender: slowed }))).toEqual({ action: "send" });
  });

  it("lets a slowed store make half of yesterday's emails a day (at least 50), then defers to its next day", () => {
    const reason = "Deliverability guard: sending slowed, complaint rate 0.20 % over 24 h";
    const slowed = (sentYesterday: number) => ({ verdict: { state: "slowed" as const, reason }, warmUp: null, sentYesterday });
    expect(decideEmail(facts({ sender: slowed(300), emailsSentToday: 149 }))).toEqual({ action: "send" });
    expect(decideEmail(facts({ sender: slowed(300), emailsSentToday: 150 }))).toEqual({
      action: "defer",
      until: Date.parse("2026-11-26T00:00:00Z"),
      reason: `${reason}: 150 emails a day (half of yesterday's 300, at least 50)`,
    });
    expect(decideEmail(facts({ sender: slowed(10), emailsSentToday: 49 }))).toEqual({ action: "send" });
    expect(decideEmail(facts({ sender: slowed(10), emailsSentToday: 50 }))).toMatchObject({ action: "defer" });
  });

  it("defers past a warming domain's daily cap to the store's next day", () => {
    const warming = { verdict: { state: "healthy" as const, reason: null }, warmUp: { domain: "shop.example", cap: 200 } };
    expect(decideEmail(facts({ sender: warming, emailsSentToday: 199 }))).toEqual({ action: "send" });
    expect(decideEmail(facts({ sender: warming, emailsSentToday: 200 }))).toEqual({
      action: "defer",
      until: Date.parse("2026-11-26T00:00:00Z"),
      reason: "warm-up of shop.example: 200 emails a day for now (UTC day)",
    });
  });

  it("defers out of quiet hours in the store's time zone", () => {
    // 12:00 UTC is 21:00 in Tokyo: inside 21:00–08:00, so wait 11 hours.
    const decision = decideEmail(facts({}, { quiet_hours: { start: "21:00", end: "08:00" }, timezone: "Asia/Tokyo" }));
    expect(decision).toMatchObject({ action: "defer", until: NOW + 11 * HOUR });
    expect(decideEmail(facts({}, { quiet_hours: { start: "21:00", end: "08:00" }, timezone: "UTC" }))).toEqual({ action: "send" });
  });

  it("computes quiet-hour waits across midnight and within a day", () => {
    expect(minutesUntilQuietHoursEnd(Date.parse("2026-11-25T23:30:00Z"), "UTC", "21:00", "08:00")).toBe(8 * 60 + 30);
    expect(minutesUntilQuietHoursEnd(Date.parse("2026-11-25T07:59:00Z"), "UTC", "21:00", "08:00")).toBe(1);
    expect(minutesUntilQuietHoursEnd(Date.parse("2026-11-25T08:00:00Z"), "UTC", "21:00", "08:00")).toBe(0);
    expect(minutesUntilQuietHoursEnd(Date.parse("2026-11-25T13:00:00Z"), "UTC", "12:00", "14:00")).toBe(60);
  });
});

describe("the Klaviyo rule (4)", () => {
  const recent = { kind: "recent" as const, at: NOW - 2 * HOUR, label: "Abandoned Checkout Reminder" };

  it("skips when Klaviyo sent its own recovery email within the look-back, saying what and when on the store's clock", () => {
    expect(decideEmail(facts({ klaviyo: recent }, { timezone: "Europe/Paris" }))).toEqual({
      action: "skip",
      reason: "Klaviyo sent 'Abandoned Checkout Reminder' to this address at 2026-11-25 11:00",
    });
  });

  it("defers past the look-back under policy defer", () => {
    expect(decideEmail(facts({ klaviyo: recent }, { klaviyo: { policy: "defer", lookback_hours: 24 } }))).toMatchObject({ action: "defer", until: NOW + 22 * HOUR });
  });

  it("comes before the frequency cap, and sends when Klaviyo is clear", () => {
    expect(decideEmail(facts({ klaviyo: recent, recentEmailTimes: [NOW - HOUR] }))).toMatchObject({ action: "skip" });
    expect(decideEmail(facts({ klaviyo: { kind: "clear" } }))).toEqual({ action: "send" });
  });

  it("when Klaviyo does not answer: sends with a note (policy send), or holds back but never past the next step (policy defer)", () => {
    const down = { kind: "unavailable" as const, message: "timeout after 2000 ms" };
    expect(decideEmail(facts({ klaviyo: down }))).toEqual({ action: "send", note: "Klaviyo did not answer (timeout after 2000 ms): sent without its check (failure policy: send)" });
    expect(decideEmail(facts({ klaviyo: down, holdUntil: NOW + HOUR }, { failure_policy: "defer" }))).toMatchObject({ action: "defer", until: NOW + 10 * 60_000 });
    expect(decideEmail(facts({ klaviyo: down, holdUntil: NOW + 5 * 60_000 }, { failure_policy: "defer" }))).toMatchObject({ action: "defer", until: NOW + 5 * 60_000 });
    expect(decideEmail(facts({ klaviyo: down, holdUntil: NOW }, { failure_policy: "defer" }))).toMatchObject({ action: "send", note: expect.stringMatching(/held back as long as the plan allows/) });
  });
});

describe("the coordinator's reasons and boundaries", () => {
  it("names each reason to skip, in rule order", () => {
    expect(decideEmail(facts({ email: null, cartIsEmpty: true }))).toEqual({ action: "skip", reason: "no email address for this cart" });
    expect(decideEmail(facts({ cartIsEmpty: true, suppression: "bounced" }))).toEqual({ action: "skip", reason: "the cart is empty" });
    expect(decideEmail(facts({ acceptsMarketing: false }))).toEqual({ action: "skip", reason: "no marketing consent (store consent mode: marketing_only)" });
    expect(decideEmail(facts({ sequenceStatus: "paused" }))).toEqual({ action: "skip", reason: "sequence is paused" });
  });

  it("counts an email sent exactly one cap window ago as out of the window", () => {
    expect(decideEmail(facts({ recentEmailTimes: [NOW - 24 * HOUR] }))).toEqual({ action: "send" });
    expect(decideEmail(facts({ recentEmailTimes: [NOW - 24 * HOUR + 1] }))).toMatchObject({ action: "defer", until: NOW + 1 });
  });

  it("under a cap of two, waits for the older of the last two sends, and lets the second one through", () => {
    const cap = { frequency_cap: { max_emails: 2, per_hours: 10 } };
    expect(decideEmail(facts({ recentEmailTimes: [NOW - 9 * HOUR] }, cap))).toEqual({ action: "send" });
    expect(decideEmail(facts({ recentEmailTimes: [NOW - 9 * HOUR, NOW - 8 * HOUR, NOW - HOUR] }, cap))).toEqual({
      action: "defer",
      until: NOW - 8 * HOUR + 10 * HOUR,
      reason: "frequency cap: 2 email(s) per 10 h to this shopper",
    });
  });

  it("says which limit and which quiet hours hold the email, on the store's clock", () => {
    expect(decideEmail(facts({ emailsSentToday: 51 }, { daily_send_limit: 50, timezone: "Asia/Tokyo" }))).toEqual({
      action: "defer",
      until: Date.parse("2026-11-25T15:00:00Z"),
      reason: "store daily send limit of 50 reached (Asia/Tokyo day)",
    });
    expect(decideEmail(facts({}, { quiet_hours: { start: "21:00", end: "08:00" }, timezone: "Asia/Tokyo" }))).toEqual({
      action: "defer",
      until: NOW + 11 * HOUR,
      reason: "quiet hours 21:00–08:00 (Asia/Tokyo)",
    });
  });

  it("quiet hours start on their first minute, end on their last, and an empty window holds nothing", () => {
    const utc = (hhmm: string) => Date.parse(`2026-11-25T${hhmm}:00Z`);
    expect(minutesUntilQuietHoursEnd(utc("21:00"), "UTC", "21:00", "08:00")).toBe(11 * 60);
    expect(minutesUntilQuietHoursEnd(utc("20:59"), "UTC", "21:00", "08:00")).toBe(0);
    expect(minutesUntilQuietHoursEnd(utc("12:00"), "UTC", "12:00", "14:00")).toBe(120);
    expect(minutesUntilQuietHoursEnd(utc("11:59"), "UTC", "12:00", "14:00")).toBe(0);
    expect(minutesUntilQuietHoursEnd(utc("14:00"), "UTC", "12:00", "14:00")).toBe(0);
    expect(minutesUntilQuietHoursEnd(utc("12:00"), "UTC", "12:00", "12:00")).toBe(0);
    expect(minutesUntilQuietHoursEnd(utc("09:30"), "UTC", "12:00", "12:00")).toBe(0);
    // Minutes count too: 21:45 to 08:15 is 10 h 30 min.
    expect(minutesUntilQuietHoursEnd(utc("21:45"), "UTC", "21:30", "08:15")).toBe(10 * 60 + 30);
  });

  it("words Klaviyo's deferrals and the note of an unchecked send", () => {
    const recent = { kind: "recent" as const, at: NOW - 2 * HOUR, label: "Cart flow" };
    expect(decideEmail(facts({ klaviyo: recent }, { klaviyo: { policy: "defer", lookback_hours: 24 } }))).toEqual({
      action: "defer",
      until: NOW + 22 * HOUR,
      reason: "Klaviyo sent 'Cart flow' to this address at 2026-11-25 10:00; waiting out its 24 h look-back",
    });
    const down = { kind: "unavailable" as const, message: "503" };
    expect(decideEmail(facts({ klaviyo: down, holdUntil: NOW + HOUR }, { failure_policy: "defer" }))).toEqual({
      action: "defer",
      until: NOW + 10 * 60_000,
      reason: "Klaviyo did not answer (503); asking again later (failure policy: defer)",
    });
    expect(decideEmail(facts({ klaviyo: down, holdUntil: NOW - 1 }, { failure_policy: "defer" }))).toEqual({
      action: "send",
      note: "Klaviyo did not answer (503): sent without its check (held back as long as the plan allows)",
    });
  });
});
