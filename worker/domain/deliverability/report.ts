import { z } from "zod";
import { deliverabilityPolicySchema } from "./policy";

const ratesSchema = z.object({
  sent: z.number(),
  delivered: z.number(),
  bounced: z.number(),
  complained: z.number(),
  bounce_rate: z.number(),
  complaint_rate: z.number(),
});

/** What the merchant (and `GET /api/v1/integrations` under resend) sees of the guard: the last 24 h at the top. */
export const deliverabilityReportSchema = ratesSchema.extend({
  state: z.enum(["healthy", "slowed", "paused"]),
  since: z.string().nullable().describe("when the store entered this state"),
  reason: z.string().nullable(),
  last_7_days: ratesSchema,
  sending_domain: z
    .object({ domain: z.string(), shared: z.boolean(), last_24_hours: ratesSchema.nullable(), last_7_days: ratesSchema.nullable() })
    .describe("the domain the store sends from now, with its rates over every email it sent; null rates on the operator's shared sender, whose numbers are other stores' too"),
  warm_up: z.object({ domain: z.string(), daily_cap: z.number() }).nullable().describe("a newly verified sending domain's cap for today"),
  resumed_at: z.string().nullable().describe("the merchant's last resume; the guard judges only what came after it"),
  policy: deliverabilityPolicySchema,
  hours: z
    .array(z.object({ hour: z.string(), delivered: z.number(), bounced: z.number(), complained: z.number() }))
    .describe("the last 7 days hour by hour (hours with no events left out), for a chart against the thresholds"),
});
export type DeliverabilityReport = z.infer<typeof deliverabilityReportSchema>;

/** The guard at a glance, under `resend` in `GET /api/v1/integrations` and in the analytics answer. */
export const deliverabilitySummarySchema = deliverabilityReportSchema.pick({
  sent: true,
  delivered: true,
  bounced: true,
  complained: true,
  bounce_rate: true,
  complaint_rate: true,
  state: true,
  since: true,
  reason: true,
});
export type DeliverabilitySummary = z.infer<typeof deliverabilitySummarySchema>;
