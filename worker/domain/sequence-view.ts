import { z } from "zod";
import { CHANNELS, STEP_STATUSES } from "./steps";
import { TIMELINE_EVENT_TYPES } from "./catalogue";
import { currentStepId, inFlightSteps, SEQUENCE_STATUSES, type SequenceState } from "./sequence";
import type { Cart } from "./cart";

/** The Sequence of SPEC §5, as every endpoint shows it. */
export const sequenceViewSchema = z.object({
  id: z.string(),
  status: z.enum(SEQUENCE_STATUSES),
  sequence_type: z.literal("abandoned_cart"),
  current_step: z.string().nullable(),
  steps_completed: z.array(z.string()),
  steps: z.array(
    z.object({
      id: z.string(),
      channel: z.enum(CHANNELS),
      status: z.enum(STEP_STATUSES),
      scheduled_at: z.string().nullable(),
      executed_at: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  cart: z.object({
    token: z.string(),
    customer_email: z.string().nullable(),
    total_price: z.string(),
    currency: z.string(),
    checkout_url: z.string(),
    items: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        variant_title: z.string().nullable().optional(),
        price: z.string(),
        quantity: z.number(),
        image_url: z.string().nullable().optional(),
        url: z.string().nullable().optional(),
      }),
    ),
  }),
  started_at: z.string(),
  stopped_reason: z.string().nullable(),
  /**
   * Steps whose email is in flight: claimed and sent or about to be, outcome not known yet. A stop,
   * order or unsubscribe acknowledged now cannot recall it; the step becomes sent (or failed, or
   * skipped if Resend provably never had it) when its outcome is known.
   */
  in_flight: z.array(z.string()),
});
export type SequenceView = z.infer<typeof sequenceViewSchema>;

export const timelineEntrySchema = z.object({
  at: z.string(),
  type: z.enum(TIMELINE_EVENT_TYPES),
  step: z.string().nullable(),
  detail: z.string(),
});

export const sequenceDetailSchema = sequenceViewSchema.extend({ timeline: z.array(timelineEntrySchema) });

type ViewSource = Pick<SequenceState, "id" | "status" | "sequence_type" | "steps" | "started_at" | "stopped_reason"> & { cart: Cart };

export function toSequenceView(s: ViewSource): SequenceView {
  return {
    id: s.id,
    status: s.status,
    sequence_type: s.sequence_type,
    current_step: currentStepId(s.steps),
    steps_completed: s.steps.filter((step) => step.status === "sent").map((step) => step.id),
    steps: s.steps.map(({ id, channel, status, scheduled_at, executed_at, reason }) => ({ id, channel, status, scheduled_at, executed_at, reason })),
    cart: {
      token: s.cart.token,
      customer_email: s.cart.customer_email,
      total_price: s.cart.total_price,
      currency: s.cart.currency,
      checkout_url: s.cart.checkout_url,
      items: s.cart.items,
    },
    started_at: s.started_at,
    stopped_reason: s.stopped_reason,
    in_flight: inFlightSteps(s.steps),
  };
}
