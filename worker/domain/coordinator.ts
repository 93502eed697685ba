import { addressProblem } from "./deliverability/address-hygiene";
import { type GuardVerdict, HEALTHY } from "./deliverability/guard";
import type { EmailDecision, SequenceState, SequenceStatus } from "./sequence";
import { localDateTime, nextLocalMidnight } from "./local-time";
import type { StoredSettings } from "./settings";

/**
 * The facts the coordinator weighs before an email step (SPEC §6). Gathering them needs D1;
 * deciding does not, so the rules stay a plain function that tests can read line by line.
 */
export type SendFacts = {
  now: number;
  sequenceStatus: SequenceStatus;
  email: string | null;
  cartIsEmpty: boolean;
  acceptsMarketing: boolean;
  suppression: string | null;
  /** When this shopper's recent recovery emails (any cart of the store) went out, oldest first. */
  recentEmailTimes: number[];
  /** The store's emails made on its current calendar day, in its own time zone. */
  emailsSentToday: number;
  sender: SenderStanding;
  /** What Klaviyo says about the address; null when the store has not connected it. */
  klaviyo: KlaviyoFact | null;
  /** The latest a failing integration may hold this email back: the next step's time, or an hour past its own. */
  holdUntil: number;
  settings: Pick<StoredSettings, "consent_mode" | "frequency_cap" | "daily_send_limit" | "quiet_hours" | "timezone" | "failure_policy"> & {
    klaviyo: Pick<StoredSettings["klaviyo"], "policy" | "lookback_hours">;
  };
};

/** Klaviyo's answer for one address: no recovery email of its own lately, one (when and what), or no answer. */
export type KlaviyoFact = { kind: "clear" } | { kind: "recent"; at: number; label: string } | { kind: "unavailable"; message: string };

const HOUR = 3_600_000;
/** How often an email held by the deliverability guard looks again (a resume or a recovered rate lets it go). */
export const GUARD_RECHECK_MS = 15 * 60_000;
/** How long a failing integration holds an email back before it is asked again (policy `defer`). */
const FAILURE_RETRY_MS = 10 * 60_000;

/**
 * How the store's sender stands with the mailbox providers: the deliverability guard's verdict,
 * and while a new sending domain warms up, its cap for the day.
 */
export type SenderStanding = {
  verdict: GuardVerdict;
  warmUp: { domain: string; cap: number } | null;
  /** While slowed: the store's emails made on its previous calendar day (the slowed pace is half of them). */
  sentYesterday?: number;
};
export const UNGUARDED: SenderStanding = { verdict: HEALTHY, warmUp: null };

/** A slowed store still sends this many a day, so a quiet yesterday does not stop it outright. */
export const SLOWED_DAILY_FLOOR = 50;

/** A slowed store's daily cap: half of what it made yesterday, never below the floor. */
export const slowedDailyCap = (sentYesterday: number) => Math.max(SLOWED_DAILY_FLOOR, Math.ceil(sentYesterday / 2));

/** A shopper's standing with the store, as read from D1 (see db/send-facts), with the store's sender's. */
export type ShopperHistory = {
  email: string;
  suppression: string | null;
  sends: { at: number; sequenceId: string; stepId: string }[];
  emailsSentToday: number;
  sender: SenderStanding;
};

/**
 * The facts for one email step. The step's own email is left out of the frequency count, so a
 * redelivered send is not capped by itself; the sequence's other queued emails count as sent
 * now, so two steps due together never both go.
 */
export function sendFactsFor(
  state: SequenceState,
  stepId: string,
  history: ShopperHistory | null,
  settings: SendFacts["settings"],
  now: number,
  klaviyo: KlaviyoFact | null = null,
): SendFacts {
  const sends = (history?.sends ?? []).filter((s) => !(s.sequenceId === state.id && s.stepId === stepId)).map((s) => s.at);
  const queued = state.steps.filter((s) => s.queued && s.id !== stepId).map(() => now);
  const index = state.steps.findIndex((s) => s.id === stepId);
  const nextStep = state.steps.slice(index + 1).find((s) => s.status === "scheduled" && s.scheduled_at !== null);
  const plannedAt = Date.parse(state.cart.updated_at) + (state.steps[index]?.delay_seconds ?? 0) * 1000;
  return {
    now,
    sequenceStatus: state.status,
    email: state.cart.customer_email,
    cartIsEmpty: state.cart.items.length === 0,
    acceptsMarketing: state.cart.accepts_marketing,
    suppression: history?.suppression ?? null,
    recentEmailTimes: [...sends, ...queued].sort((a, b) => a - b),
    emailsSentToday: history?.emailsSentToday ?? 0,
    sender: history?.sender ?? UNGUARDED,
    klaviyo,
    holdUntil: nextStep ? Date.parse(nextStep.scheduled_at as string) : Math.max(plannedAt, now) + HOUR,
    settings,
  };
}

/** How far back a shopper's sends matter: the frequency cap's window. */
export const historySince = (perHours: number, now: number) => new Date(now - perHours * HOUR).toISOString();

export function decideEmail(f: SendFacts): EmailDecision {
  if (f.sequenceStatus !== "active") return { action: "skip", reason: `sequence is ${f.sequenceStatus}` };
  if (!f.email) return { action: "skip", reason: "no email address for this cart" };
  if (f.cartIsEmpty) return { action: "skip", reason: "the cart is empty" };
  if (f.suppression) return { action: "skip", reason: `address suppressed (${f.suppression})` };
  const unmailable = addressProblem(f.email);
  if (unmailable) return { action: "skip", reason: unmailable };
  if (f.settings.consent_mode === "marketing_only" && !f.acceptsMarketing) {
    return { action: "skip", reason: "no marketing consent (store consent mode: marketing_only)" };
  }

  const klaviyo = klaviyoRule(f);
  if (klaviyo) return klaviyo;

  const guard = f.sender.verdict;
  if (guard.state === "paused") return { action: "defer", until: f.now + GUARD_RECHECK_MS, reason: guard.reason ?? "Deliverability guard: paused" };

  const cap = f.settings.frequency_cap;
  const windowStart = f.now - cap.per_hours * HOUR;
  const inWindow = f.recentEmailTimes.filter((t) => t > windowStart);
  if (inWindow.length >= cap.max_emails) {
    const oldest = inWindow[inWindow.length - cap.max_emails] as number;
    return {
      action: "defer",
      until: oldest + cap.per_hours * HOUR,
      reason: `frequency cap: ${cap.max_emails} email(s) per ${cap.per_hours} h to this shopper`,
    };
  }

  const limit = f.settings.daily_send_limit;
  if (limit !== null && f.emailsSentToday >= limit) {
    const tomorrow = nextLocalMidnight(f.now, f.settings.timezone);
    return { action: "defer", until: tomorrow, reason: `store daily send limit of ${limit} reached (${f.settings.timezone} day)` };
  }
  if (guard.state === "slowed" && f.sender.sentYesterday !== undefined) {
    const cap = slowedDailyCap(f.sender.sentYesterday);
    if (f.emailsSentToday >= cap) {
      const tomorrow = nextLocalMidnight(f.now, f.settings.timezone);
      return { action: "defer", until: tomorrow, reason: `${guard.reason}: ${cap} emails a day (half of yesterday's ${f.sender.sentYesterday}, at least ${SLOWED_DAILY_FLOOR})` };
    }
  }
  const warmUp = f.sender.warmUp;
  if (warmUp && f.emailsSentToday >= warmUp.cap) {
    const tomorrow = nextLocalMidnight(f.now, f.settings.timezone);
    return { action: "defer", until: tomorrow, reason: `warm-up of ${warmUp.domain}: ${warmUp.cap} emails a day for now (${f.settings.timezone} day)` };
  }

  const quiet = f.settings.quiet_hours;
  if (quiet) {
    const wait = minutesUntilQuietHoursEnd(f.now, f.settings.timezone, quiet.start, quiet.end);
    if (wait > 0) {
      return { action: "defer", until: f.now + wait * 60_000, reason: `quiet hours ${quiet.start}–${quiet.end} (${f.settings.timezone})` };
    }
  }
  return { action: "send" };
}

/**
 * Rule 4: no recovery email when Klaviyo sent its own to the address within the look-back. When
 * Klaviyo does not answer, the store's failure policy decides: send anyway (noted on the
 * timeline), or hold the email back, but never past the next step.
 */
function klaviyoRule(f: SendFacts): EmailDecision | null {
  const k = f.klaviyo;
  if (!k || k.kind === "clear") return null;
  const tz = f.settings.timezone;
  if (k.kind === "recent") {
    const sent = `Klaviyo sent '${k.label}' to this address at ${localDateTime(k.at, tz)}`;
    if (f.settings.klaviyo.policy === "skip") return { action: "skip", reason: sent };
    const until = k.at + f.settings.klaviyo.lookback_hours * HOUR;
    return { action: "defer", until, reason: `${sent}; waiting out its ${f.settings.klaviyo.lookback_hours} h look-back` };
  }
  const failed = `Klaviyo did not answer (${k.message})`;
  if (f.settings.failure_policy === "defer" && f.now < f.holdUntil) {
    return { action: "defer", until: Math.min(f.now + FAILURE_RETRY_MS, f.holdUntil), reason: `${failed}; asking again later (failure policy: defer)` };
  }
  const why = f.settings.failure_policy === "defer" ? "held back as long as the plan allows" : "failure policy: send";
  return { action: "send", note: `${failed}: sent without its check (${why})` };
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h as number) * 60 + (m as number);
};

/** 0 outside quiet hours; inside them, the minutes left until they end (windows may wrap midnight). */
export function minutesUntilQuietHoursEnd(now: number, timeZone: string, start: string, end: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const local = Number(parts.find((p) => p.type === "hour")?.value) * 60 + Number(parts.find((p) => p.type === "minute")?.value);
  const from = toMinutes(start);
  const to = toMinutes(end);
  const inside = from <= to ? local >= from && local < to : local >= from || local < to;
  if (!inside) return 0;
  return (to - local + 1440) % 1440;
}
