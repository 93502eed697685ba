import { z } from "zod";

/** The send queue's message: one email step handed from a cart's Durable Object to the sender. */
export const emailJobSchema = z.object({
  store_id: z.string(),
  cart_token: z.string(),
  sequence_id: z.string(),
  step_id: z.string(),
  /** The origin the cart arrived on: links use it when PUBLIC_BASE_URL is not set. */
  base_url: z.string(),
});
export type EmailJob = z.infer<typeof emailJobSchema>;
