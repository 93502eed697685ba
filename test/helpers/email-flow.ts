import { createFastStore, patchSettings, postCart, type StoreKeys } from "./api";
import type { useFakeClock } from "./clock";
import { runAlarmCapturingJobs } from "./queue";
import { sentTo } from "./resend";
import { runAlarm, waitForStep } from "./sequences";

/** A fast store (`makeStore`'s) whose first email (email_2h) has gone out through the fake Resend. */
export async function storeWithSentEmail(
  clock: ReturnType<typeof useFakeClock>,
  cartOverrides: Record<string, unknown> = {},
  settings: Record<string, unknown> = {},
  makeStore: () => Promise<StoreKeys> = createFastStore,
) {
  const store = await makeStore();
  if (Object.keys(settings).length > 0) await patchSettings(store.secret_key, settings);
  const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString(), ...cartOverrides });
  clock.at(2000);
  await runAlarm(store.id, payload.cart_token);
  await waitForStep(store.secret_key, sequence.id, "email_2h", "sent");
  const [email] = (await sentTo(store.id)).emails;
  if (!email) throw new Error("no email reached the fake Resend");
  const links = [...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
  const unsubscribe = (email.headers["List-Unsubscribe"] as string).slice(1, -1);
  return { store, payload, sequence, email, links, unsubscribe };
}

/**
 * Carts of `store`, one per entry of `carts` (its overrides), abandoned at the clock's start, whose
 * email_2h is due at `at`, with their queue jobs captured: only the test delivers them.
 */
export async function cartsWithDueEmail(clock: ReturnType<typeof useFakeClock>, store: { id: string; secret_key: string }, carts: Record<string, unknown>[], at = 2000) {
  const posted = await Promise.all(carts.map((overrides) => postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString(), ...overrides })));
  clock.at(at);
  const jobs = (await Promise.all(posted.map((cart) => runAlarmCapturingJobs(store.id, cart.payload.cart_token)))).flat();
  if (jobs.length !== carts.length) throw new Error(`${carts.length} carts queued ${jobs.length} email jobs`);
  return { carts: posted, jobs };
}
