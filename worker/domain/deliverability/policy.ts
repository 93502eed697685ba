import { z } from "zod";

const rate = z.number().min(0).max(1);

/**
 * When the guard slows and pauses a store's email. The defaults follow Gmail's and Yahoo's
 * published bulk-sender limits: a spam-complaint rate below 0.3 %, ideally below 0.1 %.
 */
export const deliverabilityPolicyFields = z.strictObject({
  complaint_rate_slow: rate,
  complaint_rate_pause: rate,
  bounce_rate_slow: rate,
  bounce_rate_pause: rate,
  min_sample: z.int().min(1).max(1_000_000),
});

export const deliverabilityPolicySchema = deliverabilityPolicyFields
  .refine((p) => p.complaint_rate_slow <= p.complaint_rate_pause, {
    path: ["complaint_rate_slow"],
    message: "must not be above complaint_rate_pause",
  })
  .refine((p) => p.bounce_rate_slow <= p.bounce_rate_pause, {
    path: ["bounce_rate_slow"],
    message: "must not be above bounce_rate_pause",
  });

export type DeliverabilityPolicy = z.infer<typeof deliverabilityPolicySchema>;

export const DEFAULT_DELIVERABILITY_POLICY: DeliverabilityPolicy = {
  complaint_rate_slow: 0.001,
  complaint_rate_pause: 0.003,
  bounce_rate_slow: 0.02,
  bounce_rate_pause: 0.05,
  min_sample: 200,
};
