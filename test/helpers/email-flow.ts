import { createFastStore, patchSettings, postCart } from "./api";
import type { useFakeClock } from "./clock";
import { sentTo } from "./resend";
import { runAlarm, waitForStep } from "./sequences";

/** A fast store whose first email (email_2h) has gone out through the fake Resend. */
export async function storeWithSentEmail(
  clock: ReturnType<typeof useFakeClock>,
  cartOverrides: Record<string, unknown> = {},
  settings: Record<string, unknown> = {},
) {
  const store = await createFastStore();
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
