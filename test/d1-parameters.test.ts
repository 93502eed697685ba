import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, postCart } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { countingD1, deliver, runAlarmCapturingJobs } from "./helpers/queue";
import { failFor, sentTo } from "./helpers/resend";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

/** D1 refuses a statement with more than 100 bound parameters in production; local D1 does not. */
const D1_MAX_PARAMETERS = 100;

describe("the send path's statements against D1's bound-parameter cap", () => {
  it("bind at most 100 parameters for a 100-email batch, whatever Resend answers", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const carts = await Promise.all(Array.from({ length: 100 }, () => postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() })));
    clock.at(2000);
    const jobs = (await Promise.all(carts.map((cart) => runAlarmCapturingJobs(store.id, cart.payload.cart_token)))).flat();
    expect(jobs).toHaveLength(100);

    // Every way a batch can end: its answer lost (rows marked attempted), then refused for good.
    const counted = countingD1(env.DB);
    await failFor(store.id, { fail_rate: 1 });
    expect((await deliver(jobs, { envOverrides: { DB: counted.db } })).retryMessages).toHaveLength(100);
    await failFor(store.id, { reject_400: true });
    await deliver(jobs, { attempts: 2, envOverrides: { DB: counted.db } });

    expect(counted.statements.length).toBeGreaterThan(0);
    const widest = counted.statements.reduce((a, b) => (b.params > a.params ? b : a));
    expect(widest.params, widest.sql).toBeLessThanOrEqual(D1_MAX_PARAMETERS);
    const { requests } = await sentTo(store.id);
    expect(requests.map((r) => [r.outcome, r.size])).toEqual([[500, 100], [400, 100]]);
  }, 60_000);
});
