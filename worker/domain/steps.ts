import { z } from "zod";
import { unknownPlaceholders } from "./email/placeholders";
import { multiLineText, singleLineText } from "./plain-text";

export const CHANNELS = ["popup", "email"] as const;
export const STEP_STATUSES = ["pending", "scheduled", "sent", "skipped", "failed"] as const;

const template = (text: z.ZodString) =>
  text.superRefine((value, ctx) => {
    for (const name of unknownPlaceholders(value)) ctx.addIssue({ code: "custom", message: `unknown placeholder {{${name}}}` });
  });

export const stepSchema = z.strictObject({
  /** Letters, digits, _ and - only: the id also travels as a Resend tag value. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and - only (max 64)"),
  channel: z.enum(CHANNELS),
  delay_seconds: z.int().min(1).max(60 * 60 * 24 * 90),
  /** An email header once filled in: one line. */
  subject: template(singleLineText(200, 1)).optional(),
  body: template(multiLineText(5000, 1)).optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const stepPlanSchema = z
  .array(stepSchema)
  .min(1)
  .max(20)
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    steps.forEach((step, index) => {
      if (seen.has(step.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: `duplicate step id "${step.id}"` });
      seen.add(step.id);
    });
  });

const HOUR = 3600;

export const DEFAULT_STEPS: Step[] = [
  { id: "popup_1h", channel: "popup", delay_seconds: HOUR },
  {
    id: "email_2h",
    channel: "email",
    delay_seconds: 2 * HOUR,
    subject: "You left something in your cart",
    body: "Hi {{first_name}}, your cart at {{store_name}} is saved. Pick up where you left off.",
  },
  {
    id: "email_24h",
    channel: "email",
    delay_seconds: 24 * HOUR,
    subject: "Your cart is still waiting",
    body: "Your {{item_count}} item(s) at {{store_name}} are still in your cart ({{cart_total}}).",
  },
  {
    id: "email_48h",
    channel: "email",
    delay_seconds: 48 * HOUR,
    subject: "Still thinking it over?",
    body: "Questions about your order? Reply to this email and {{store_name}} will help.",
  },
  {
    id: "email_72h",
    channel: "email",
    delay_seconds: 72 * HOUR,
    subject: "Last reminder about your cart",
    body: "This is our last reminder: your cart at {{store_name}} is ready when you are.",
  },
];
