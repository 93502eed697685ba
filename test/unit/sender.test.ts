import { describe, expect, it } from "vitest";
import { readConfig } from "../../worker/config";
import { addressOf, chooseSender, sendingDomainStatusOf, sendingDomainView } from "../../worker/domain/email/sender";

const settings = { name: "Acme", from_name: "Acme Shop", from_email: "hello@acme.test", reply_to: null };
const verified = { domain: "acme.test", status: "verified" as const, records: [] };
const defaultFrom = '"Reva" <recover@reva.example>';

describe("chooseSender", () => {
  it("lets a store speak from its own address only when that address's domain is verified as its own", () => {
    expect(chooseSender(settings, { sendingDomain: verified, defaultFrom })).toEqual({ from: { name: "Acme Shop", address: "hello@acme.test" }, replyTo: null });
  });

  it.each([
    ["no domain", { domain: null, status: "not_started" as const, records: [] }],
    ["a pending domain", { ...verified, status: "pending" as const }],
    ["a failed domain", { ...verified, status: "failed" as const }],
    ["another domain verified", { ...verified, domain: "other.test" }],
  ])("sends from the operator's address with %s, replies going to the store", (_, sendingDomain) => {
    expect(chooseSender(settings, { sendingDomain, defaultFrom })).toEqual({ from: { name: "Acme Shop", address: "recover@reva.example" }, replyTo: "hello@acme.test" });
    expect(chooseSender({ ...settings, from_name: "", reply_to: "care@acme.test" }, { sendingDomain, defaultFrom })).toEqual({
      from: { name: "Acme", address: "recover@reva.example" },
      replyTo: "care@acme.test",
    });
  });

  it("matches the domain case-insensitively", () => {
    expect(chooseSender({ ...settings, from_email: "hello@ACME.test" }, { sendingDomain: verified, defaultFrom }).from.address).toBe("hello@ACME.test");
  });
});

describe("sending domain helpers", () => {
  it("reads the address of a mailbox or a bare address", () => {
    expect(addressOf('"Reva" <recover@reva.example>')).toBe("recover@reva.example");
    expect(addressOf("shop@demo.reva.dev")).toBe("shop@demo.reva.dev");
  });

  it("folds Resend's statuses into four", () => {
    expect(["not_started", "pending", "partially_verified", "verified", "failed", "temporary_failure"].map(sendingDomainStatusOf)).toEqual([
      "not_started",
      "pending",
      "pending",
      "verified",
      "failed",
      "failed",
    ]);
  });

  it("shows a domain claimed for an earlier from_email as not started for the current one", () => {
    expect(sendingDomainView("a@new.test", verified)).toEqual({ domain: "new.test", status: "not_started", records: [] });
  });
});

describe("DEFAULT_FROM", () => {
  const env = (vars: Record<string, string>) => ({ ...vars }) as unknown as Env;
  it("defaults to the demo sender outside production and is required in production when Resend sends", () => {
    expect(readConfig(env({ REVA_ENV: "development" })).defaultFrom).toBe("shop@demo.reva.dev");
    expect(() => readConfig(env({ RESEND_API_KEY: "re_x" }))).toThrow(/DEFAULT_FROM/);
    expect(readConfig(env({ RESEND_API_KEY: "re_x", DEFAULT_FROM: '"Reva" <recover@reva.example>' })).defaultFrom).toBe('"Reva" <recover@reva.example>');
    expect(() => readConfig(env({ REVA_ENV: "development", DEFAULT_FROM: "not an address" }))).toThrow(/DEFAULT_FROM/);
  });
});
