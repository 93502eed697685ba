import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, FAST_STEPS, patchSettings } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { cartsWithDueEmail } from "./helpers/email-flow";
import { deliver } from "./helpers/queue";
import { failFor, sentTo } from "./helpers/resend";
import { getSequence, stepStatus } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

/** A cart of `store` whose email_2h is due, and its captured job (see helpers/email-flow). */
async function dueEmail(store: { id: string; secret_key: string }, overrides: Record<string, unknown> = {}) {
  const { carts, jobs } = await cartsWithDueEmail(clock, store, [overrides]);
  return { cart: carts[0]!, job: jobs[0]! };
}

const storedBytes = async (sequenceId: string) =>
  (await env.DB.prepare("SELECT length(CAST(html AS BLOB)) + length(CAST(text AS BLOB)) + coalesce(length(CAST(payload AS BLOB)), 0) AS n FROM emails WHERE sequence_id = ?").bind(sequenceId).first<{ n: number }>())?.n;

describe("limits on one email", () => {
  it("shows the first 10 items of a 180-item cart and how many more there are", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const items = Array.from({ length: 180 }, (_, i) => ({ id: `sku-${i}`, title: `Item ${i} ${"x".repeat(400)}`, price: "1.00", quantity: 1, image_url: `https://cdn.example.com/${i}.png` }));
    const { cart, job } = await dueEmail(store, { items, total_price: "180.00" });
    expect((await deliver([job])).explicitAcks).toHaveLength(1);

    const [email] = (await sentTo(store.id)).emails;
    expect(email!.text).toContain("Item 9 ");
    expect(email!.text).not.toContain("Item 10 ");
    expect(email!.text).toContain("and 170 more items in your cart");
    expect(email!.html).toContain("and 170 more items in your cart");
    expect(email!.html.match(/class="item-image"/g)).toHaveLength(10);
    expect(await storedBytes(cart.sequence.id)).toBeLessThan(100_000);
  });

  it("fails, with the reason, an email whose stored size would exceed the cap, and sends nothing", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    // A step body of placeholders that each expand to a 500-character title: about 1 MB of email.
    const body = "{{first_item}}".repeat(357);
    await patchSettings(store.secret_key, { steps: FAST_STEPS.map((step) => (step.id === "email_2h" ? { ...step, body } : step)) });
    const { cart, job } = await dueEmail(store, { items: [{ id: "a", title: "t".repeat(500), price: "1.00", quantity: 1 }] });
    const result = await deliver([job]);
    expect(result.explicitAcks).toHaveLength(1);

    const sequence = await getSequence(store.secret_key, cart.sequence.id);
    expect(stepStatus(sequence, "email_2h")).toBe("failed");
    expect(sequence.steps.find((s: any) => s.id === "email_2h").reason).toMatch(/^email too large to send: \d+ KB stored \(limit 256 KB\)/);
    expect((await sentTo(store.id)).emails).toEqual([]);
    expect(await storedBytes(cart.sequence.id)).toBeLessThan(1_000);
  });

  it("retries only the failing store's jobs when one store's part of a delivery throws", async () => {
    clock = useFakeClock();
    const broken = await createFastStore();
    const healthy = await createFastStore();
    const a = await dueEmail(broken);
    const b = await dueEmail(healthy);
    // The broken store's email is left half-sent, then its stored request body is damaged: resending it throws.
    await failFor(broken.id, { fail_rate: 1 });
    expect((await deliver([a.job])).retryMessages).toHaveLength(1);
    await env.DB.prepare("UPDATE emails SET payload = '{}' WHERE sequence_id = ?").bind(a.cart.sequence.id).run();
    await failFor(broken.id, { fail_rate: 0 });

    const result = await deliver([a.job, b.job], { attempts: 2 });
    expect(result.retryMessages.map((m) => m.msgId)).toHaveLength(1);
    expect(result.explicitAcks).toHaveLength(1);
    expect((await sentTo(healthy.id)).emails).toHaveLength(1);
    expect(stepStatus(await getSequence(healthy.secret_key, b.cart.sequence.id), "email_2h")).toBe("sent");
    expect(stepStatus(await getSequence(broken.secret_key, a.cart.sequence.id), "email_2h")).toBe("scheduled");
  });
});
