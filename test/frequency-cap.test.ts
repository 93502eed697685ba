import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, patchSettings, postCart } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { deliver, runAlarmCapturingJobs } from "./helpers/queue";
import { eventually, getSequence } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

describe("the frequency cap across a shopper's carts", () => {
  it("two carts of one shopper due in the same instant, claimed by two deliveries at once: one email under a cap of one", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await patchSettings(store.secret_key, {
      steps: [{ id: "email_2h", channel: "email", delay_seconds: 2, subject: "Your cart" }],
      frequency_cap: { max_emails: 1, per_hours: 24 },
    });
    const email = `twice-${crypto.randomUUID()}@example.com`;
    const carts = [
      await postCart(store.secret_key, { email, updated_at: new Date(clock.start).toISOString() }),
      await postCart(store.secret_key, { email, updated_at: new Date(clock.start).toISOString() }),
    ];
    clock.at(2000);
    // Captured: these two deliveries are the only ones (the runtime's consumer never sees the jobs).
    const jobs = (await Promise.all(carts.map((cart) => runAlarmCapturingJobs(store.id, cart.payload.cart_token)))).flat();
    expect(jobs).toHaveLength(2);
    // Two deliveries at once, as two consumer invocations would run them: neither sees the other's claim in D1.
    await Promise.all(jobs.map((job) => deliver([job])));

    const steps = await eventually(async () => {
      const found = await Promise.all(carts.map(async (cart) => (await getSequence(store.secret_key, cart.sequence.id)).steps[0]));
      expect(found.every((step: any) => step.status === "sent" || (step.status === "scheduled" && /^frequency cap/.test(step.reason ?? "")))).toBe(true);
      return found;
    });
    expect(steps.map((step: any) => step.status).sort()).toEqual(["scheduled", "sent"]);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM emails WHERE store_id = ? AND to_email = ?").bind(store.id, email).first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });
});
