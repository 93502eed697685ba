import { AppError, RateLimitedError } from "../domain/errors";
import { listFlows } from "../integrations/klaviyo";
import type { StoreContext } from "./context";
import { klaviyoClientFor } from "./klaviyo-check";

export type KlaviyoFlowList = { data: { id: string; name: string; status: string; trigger_type: string | null }[]; more: boolean };

/**
 * The store's Klaviyo flows, for the merchant to mark the recovery flows rule 4 respects. A store
 * without a key gets a conflict (nothing to list yet); Klaviyo's refusal or failure a 502 with
 * Klaviyo's own words, with the key taken out should Klaviyo ever echo it.
 */
export async function listKlaviyoFlows(ctx: StoreContext): Promise<KlaviyoFlowList> {
  const client = await klaviyoClientFor(ctx, ctx.store);
  if (!client) throw new AppError("conflict", "Klaviyo is not connected for this store: save klaviyo.api_key in the store settings first");
  const result = await listFlows(client);
  if (result.kind === "rate_limited") throw new RateLimitedError("Klaviyo is rate limiting this account's flow reads", result.retryAfterSeconds);
  if (result.kind !== "ok") {
    const said = result.message.replaceAll(client.apiKey, "[the store's key]");
    const what = result.kind === "unauthorized" ? "Klaviyo refused the store's API key (check it has the flows:read scope)" : "Klaviyo did not list the flows";
    throw new AppError("upstream_failed", `${what}: ${said}`);
  }
  return {
    data: result.value.flows.map((flow) => ({ id: flow.id, name: flow.name, status: flow.status, trigger_type: flow.triggerType })),
    more: result.value.more,
  };
}
