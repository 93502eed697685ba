import { z } from "zod";
import { DEFAULT_DELIVERABILITY_POLICY, deliverabilityPolicyFields, deliverabilityPolicySchema } from "./deliverability/policy";
import { httpUrl } from "./http-url";
import { multiLineText, singleLineText } from "./plain-text";
import { popupVariantsSchema } from "./popup-variants";
import { DEFAULT_STEPS, stepPlanSchema } from "./steps";

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (24 h)");

export const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "unknown IANA time zone");

const locale = z.string().refine((tag) => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}, "invalid BCP 47 locale");

export const domainName = z
  .string()
  .toLowerCase()
  .regex(/^(localhost|127\.0\.0\.1|([a-z0-9-]+\.)+[a-z]{2,})(:\d{1,5})?$/, "expected a host name such as shop.example.com");

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as USD");

/** A write-only secret as stored: sealed with SecretBox, plus the last 4 characters to recognise it. */
const sealedSecret = z.object({ sealed: z.string(), last4: z.string() }).nullable();
export type SealedSecret = z.infer<typeof sealedSecret>;

const popupSchema = z.strictObject({
  delay_seconds: z.int().min(0).max(3600),
  dismiss_hours: z.int().min(0).max(24 * 365),
  exit_intent: z.boolean(),
  title: singleLineText(120, 1),
  body: multiLineText(500, 1),
  cta: singleLineText(60, 1),
  dismiss_label: singleLineText(60, 1),
  /** An A/B test of timing and copy (domain/popup-variants); empty = none. */
  variants: popupVariantsSchema,
});

const frequencyCapSchema = z.strictObject({
  max_emails: z.int().min(1).max(100),
  per_hours: z.int().min(1).max(24 * 30),
});

const quietHoursSchema = z.strictObject({ start: timeOfDay, end: timeOfDay });

const klaviyoPolicy = z.enum(["skip", "defer"]);
const klaviyoFields = {
  policy: klaviyoPolicy,
  lookback_hours: z.int().min(1).max(24 * 30),
  recovery_flow_ids: z.array(singleLineText(64, 1)).max(50),
};
const ga4Fields = {
  measurement_id: z.string().regex(/^G-[A-Z0-9]{4,20}$/, "expected a GA4 measurement id such as G-ABC123").nullable(),
  send_purchase: z.boolean(),
};
const resendSchema = z.strictObject({ requests_per_second: z.int().min(1).max(100) });

const commonFields = {
  name: singleLineText(200).trim().min(1),
  domains: z.array(domainName).max(20),
  from_email: z.email(),
  from_name: singleLineText(200),
  reply_to: z.email().nullable(),
  address: multiLineText(500),
  logo_url: httpUrl.nullable(),
  timezone: timeZone,
  currency: currencyCode,
  locale,
  steps: stepPlanSchema,
  consent_mode: z.enum(["marketing_only", "all"]),
  frequency_cap: frequencyCapSchema,
  daily_send_limit: z.int().min(1).nullable(),
  quiet_hours: quietHoursSchema.nullable(),
  attribution_window_days: z.int().min(1).max(90),
  /** Carts abandoned longer ago than this start no emails (a delayed webhook, an import, an outage). */
  abandonment_horizon_days: z.int().min(1).max(90),
  failure_policy: z.enum(["send", "defer"]),
  popup: popupSchema,
  resend: resendSchema,
  deliverability: deliverabilityPolicySchema,
};

/** Settings as kept in D1 (secrets sealed). */
export const storedSettingsSchema = z.strictObject({
  ...commonFields,
  klaviyo: z.strictObject({ api_key: sealedSecret, ...klaviyoFields }),
  ga4: z.strictObject({ api_secret: sealedSecret, ...ga4Fields }),
});
export type StoredSettings = z.infer<typeof storedSettingsSchema>;

/** What a merchant sends to PATCH: every key optional, nested objects merged, secrets as plain text (null clears). */
const secretInput = singleLineText(500, 1).nullable();
export const settingsPatchSchema = z
  .strictObject({
    ...commonFields,
    popup: popupSchema.partial(),
    frequency_cap: frequencyCapSchema.partial(),
    resend: resendSchema.partial(),
    deliverability: deliverabilityPolicyFields.partial(),
    klaviyo: z.strictObject({ api_key: secretInput, ...klaviyoFields }).partial(),
    ga4: z.strictObject({ api_secret: secretInput, ...ga4Fields }).partial(),
  })
  .partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

const secretView = z.object({ configured: z.boolean(), last4: z.string().nullable() });

/** What any endpoint shows: secrets replaced by whether they are set. */
export const settingsViewSchema = z.object({
  ...commonFields,
  klaviyo: z.object({ api_key: secretView, ...klaviyoFields }),
  ga4: z.object({ api_secret: secretView, ...ga4Fields }),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export type NewStoreSettings = Pick<StoredSettings, "name" | "from_email"> &
  Partial<Pick<StoredSettings, "from_name" | "timezone" | "currency">> & { domain: string };

export function defaultSettings(input: NewStoreSettings): StoredSettings {
  return {
    name: input.name,
    domains: [input.domain],
    from_email: input.from_email,
    from_name: input.from_name ?? input.name,
    reply_to: null,
    address: "",
    logo_url: null,
    timezone: input.timezone ?? "UTC",
    currency: input.currency ?? "USD",
    locale: "en-US",
    steps: DEFAULT_STEPS,
    consent_mode: "marketing_only",
    frequency_cap: { max_emails: 1, per_hours: 24 },
    daily_send_limit: null,
    quiet_hours: null,
    attribution_window_days: 7,
    abandonment_horizon_days: 7,
    failure_policy: "send",
    popup: {
      delay_seconds: 30,
      dismiss_hours: 24,
      exit_intent: false,
      title: "Your cart is waiting",
      body: "You left these items behind. Complete your purchase before they sell out.",
      cta: "Complete purchase",
      dismiss_label: "Maybe later",
      variants: [],
    },
    klaviyo: { api_key: null, policy: "skip", lookback_hours: 24, recovery_flow_ids: [] },
    ga4: { measurement_id: null, api_secret: null, send_purchase: false },
    resend: { requests_per_second: 10 },
    deliverability: DEFAULT_DELIVERABILITY_POLICY,
  };
}

const viewSecret = (secret: SealedSecret) => ({ configured: secret !== null, last4: secret?.last4 ?? null });

export function toSettingsView(settings: StoredSettings): SettingsView {
  return {
    ...settings,
    klaviyo: { ...settings.klaviyo, api_key: viewSecret(settings.klaviyo.api_key) },
    ga4: { ...settings.ga4, api_secret: viewSecret(settings.ga4.api_secret) },
  };
}

type Seal = (plaintext: string) => Promise<string>;

async function sealSecret(value: string | null | undefined, current: SealedSecret, seal: Seal): Promise<SealedSecret> {
  if (value === undefined) return current;
  if (value === null) return null;
  return { sealed: await seal(value), last4: value.slice(-4) };
}

/** Applies a validated partial update; nested objects merge, lists replace. */
export async function applySettingsPatch(current: StoredSettings, patch: SettingsPatch, seal: Seal): Promise<StoredSettings> {
  const { klaviyo, ga4, popup, frequency_cap, resend, deliverability, ...flat } = patch;
  return storedSettingsSchema.parse({
    ...current,
    ...flat,
    popup: { ...current.popup, ...popup },
    frequency_cap: { ...current.frequency_cap, ...frequency_cap },
    resend: { ...current.resend, ...resend },
    deliverability: { ...current.deliverability, ...deliverability },
    klaviyo: {
      ...current.klaviyo,
      ...klaviyo,
      api_key: await sealSecret(klaviyo?.api_key, current.klaviyo.api_key, seal),
    },
    ga4: {
      ...current.ga4,
      ...ga4,
      api_secret: await sealSecret(ga4?.api_secret, current.ga4.api_secret, seal),
    },
  });
}
