import { describe, expect, it } from "vitest";
import { applySettingsPatch, defaultSettings, settingsPatchSchema, toSettingsView, type StoredSettings } from "../../worker/domain/settings";

const seal = async (plaintext: string) => `sealed(${plaintext})`;
const created = () => defaultSettings({ name: "Acme", from_email: "hi@acme.example.com", domain: "acme.example.com" });

describe("defaultSettings", () => {
  it("names the sender after the store and uses the store's domain, in UTC and USD unless told", () => {
    const settings = created();
    expect(settings).toMatchObject({ name: "Acme", from_name: "Acme", from_email: "hi@acme.example.com", domains: ["acme.example.com"], timezone: "UTC", currency: "USD", reply_to: null });
    const chosen = defaultSettings({ name: "Acme", from_email: "hi@acme.example.com", domain: "acme.example.com", from_name: "Acme Shop", timezone: "Europe/Paris", currency: "EUR" });
    expect(chosen).toMatchObject({ from_name: "Acme Shop", timezone: "Europe/Paris", currency: "EUR" });
    expect(settings.klaviyo.api_key).toBeNull();
    expect(settings.ga4.api_secret).toBeNull();
  });
});

describe("applySettingsPatch", () => {
  it("merges nested objects, replaces lists and plain values, and leaves the rest as it was", async () => {
    const current = created();
    const next = await applySettingsPatch(current, { name: "Acme 2", domains: ["b.example.com"], popup: { title: "Wait" }, frequency_cap: { max_emails: 3 }, resend: { requests_per_second: 2 } }, seal);
    expect(next).toEqual({
      ...current,
      name: "Acme 2",
      domains: ["b.example.com"],
      popup: { ...current.popup, title: "Wait" },
      frequency_cap: { max_emails: 3, per_hours: 24 },
      resend: { requests_per_second: 2 },
    });
  });

  it("seals a new secret and keeps its last four characters; null clears it; leaving it out keeps it", async () => {
    const withKeys = await applySettingsPatch(created(), { klaviyo: { api_key: "pk_live_abcd1234", policy: "defer" }, ga4: { api_secret: "secret-9876", measurement_id: "G-ABC123" } }, seal);
    expect(withKeys.klaviyo).toMatchObject({ api_key: { sealed: "sealed(pk_live_abcd1234)", last4: "1234" }, policy: "defer" });
    expect(withKeys.ga4).toMatchObject({ api_secret: { sealed: "sealed(secret-9876)", last4: "9876" }, measurement_id: "G-ABC123" });

    const kept = await applySettingsPatch(withKeys, { klaviyo: { lookback_hours: 5 } }, seal);
    expect(kept.klaviyo.api_key).toEqual({ sealed: "sealed(pk_live_abcd1234)", last4: "1234" });
    expect(kept.ga4.api_secret).toEqual(withKeys.ga4.api_secret);

    const cleared = await applySettingsPatch(kept, { klaviyo: { api_key: null }, ga4: { api_secret: null } }, seal);
    expect(cleared.klaviyo.api_key).toBeNull();
    expect(cleared.ga4.api_secret).toBeNull();
  });

  it("refuses a result that breaks the stored rules", async () => {
    await expect(applySettingsPatch(created(), { timezone: "Mars/Olympus" } as never, seal)).rejects.toThrow(/unknown IANA time zone/);
  });
});

describe("settings rules evaluated on each value", () => {
  const errors = (patch: unknown) => {
    const result = settingsPatchSchema.safeParse(patch);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };

  it("time zones must be IANA names and locales BCP 47 tags", () => {
    expect(errors({ timezone: "Europe/Paris", locale: "fr-FR" })).toEqual([]);
    expect(errors({ timezone: "Mars/Olympus" })).toEqual(["timezone: unknown IANA time zone"]);
    expect(errors({ locale: "not a locale!" })).toEqual(["locale: invalid BCP 47 locale"]);
  });
});

describe("toSettingsView", () => {
  it("shows whether each secret is set and its last four characters, never the sealed value", async () => {
    const settings: StoredSettings = await applySettingsPatch(created(), { klaviyo: { api_key: "pk_live_abcd1234" } }, seal);
    const view = toSettingsView(settings);
    expect(view.klaviyo.api_key).toEqual({ configured: true, last4: "1234" });
    expect(view.ga4.api_secret).toEqual({ configured: false, last4: null });
    expect(JSON.stringify(view)).not.toContain("sealed(");
    expect(view.klaviyo.policy).toBe("skip");
    expect(view.name).toBe("Acme");
  });
});
