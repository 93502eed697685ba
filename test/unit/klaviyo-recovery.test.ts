import { describe, expect, it } from "vitest";
import { latestKlaviyoRecoveryEmail, type KlaviyoReceivedEmail } from "../../worker/domain/klaviyo-recovery";
import { iso, T0 } from "./fixtures";

const HOUR = 3_600_000;
const received = (hoursAgo: number, fields: Partial<KlaviyoReceivedEmail>): KlaviyoReceivedEmail => ({
  datetime: iso(T0 - hoursAgo * HOUR),
  flowId: null,
  campaignName: null,
  subject: null,
  ...fields,
});

describe("latestKlaviyoRecoveryEmail", () => {
  it("without marked flows, takes the latest email whose name or subject speaks of a cart, checkout or abandonment", () => {
    const emails = [
      received(5, { campaignName: "Abandoned cart 1" }),
      received(1, { campaignName: "Black Friday", subject: "40% off" }),
      received(3, { subject: "Your CHECKOUT is waiting" }),
      received(4, { campaignName: "Weekly news", subject: "Cart of the week" }),
    ];
    expect(latestKlaviyoRecoveryEmail(emails, [])).toEqual({ at: T0 - 3 * HOUR, label: "Your CHECKOUT is waiting" });
    expect(latestKlaviyoRecoveryEmail([received(2, { campaignName: "Newsletter" })], [])).toBeNull();
    expect(latestKlaviyoRecoveryEmail([], [])).toBeNull();
  });

  it("with marked flows, counts only emails of those flows, whatever their words", () => {
    const emails = [received(1, { flowId: "F9", campaignName: "Abandoned cart" }), received(6, { flowId: "F1", campaignName: "Reminder" }), received(2, { subject: "cart" })];
    expect(latestKlaviyoRecoveryEmail(emails, ["F1", "F2"])).toEqual({ at: T0 - 6 * HOUR, label: "Reminder" });
    expect(latestKlaviyoRecoveryEmail([received(1, { campaignName: "Abandoned cart" })], ["F1"])).toBeNull();
  });

  it("labels the email by its campaign name, else its subject, else generically", () => {
    expect(latestKlaviyoRecoveryEmail([received(1, { flowId: "F1", campaignName: "Flow A", subject: "S" })], ["F1"])?.label).toBe("Flow A");
    expect(latestKlaviyoRecoveryEmail([received(1, { flowId: "F1", subject: "S" })], ["F1"])?.label).toBe("S");
    expect(latestKlaviyoRecoveryEmail([received(1, { flowId: "F1" })], ["F1"])?.label).toBe("a recovery email");
  });
});
