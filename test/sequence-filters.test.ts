import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, json, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { runAlarm, waitForStep } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

const ids = async (key: string, query: string) => (await json(request(`/api/v1/recovery/sequences?${query}`, { key }))).data.map((s: any) => s.id);

describe("filtering sequences", () => {
  it("by address (exact or prefix, any case), current step and status, never across stores", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const other = await createFastStore();
    const at = new Date(clock.start).toISOString();
    const ann = await postCart(store.secret_key, { email: "ann@example.com", updated_at: at });
    const anna = await postCart(store.secret_key, { email: "anna@example.org", updated_at: at });
    const bob = await postCart(store.secret_key, { email: "bob@example.com", updated_at: at });
    await postCart(other.secret_key, { email: "ann@example.com", updated_at: at });
    // Bob's cart moves on: popup and the first email are done, his current step is email_24h.
    clock.at(2000);
    await runAlarm(store.id, bob.payload.cart_token);
    await waitForStep(store.secret_key, bob.sequence.id, "email_2h", "sent");
    await request(`/api/v1/recovery/sequences/${anna.sequence.id}/stop`, { method: "POST", key: store.secret_key, json: { reason: "asked by phone" } });

    expect(await ids(store.secret_key, "email=ann%40example.com")).toEqual([ann.sequence.id]);
    expect((await ids(store.secret_key, "email=ANN")).sort()).toEqual([ann.sequence.id, anna.sequence.id].sort());
    expect(await ids(store.secret_key, "email=example.com")).toEqual([]);
    expect(await ids(store.secret_key, "step=email_24h")).toEqual([bob.sequence.id]);
    expect(await ids(store.secret_key, "step=popup_1h")).toEqual([ann.sequence.id]);
    expect(await ids(store.secret_key, "email=ann&status=stopped")).toEqual([anna.sequence.id]);
    expect(await ids(store.secret_key, "email=ann&status=active&step=popup_1h")).toEqual([ann.sequence.id]);
  });

  it("answers the address filter from the (store_id, customer_email) index", async () => {
    const plan = await env.DB.prepare(
      "EXPLAIN QUERY PLAN SELECT id FROM sequences WHERE store_id = ? AND customer_email >= ? AND customer_email < ? ORDER BY id DESC LIMIT 21",
    )
      .bind("store", "ann", "ann\u{10FFFF}")
      .all<{ detail: string }>();
    expect(plan.results.map((row) => row.detail).join("\n")).toContain("sequences_by_email");
  });
});
