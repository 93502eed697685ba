import { findStoreEmail } from "../db/emails";
import { countUse } from "../db/rate-counters";
import { findSequenceRow } from "../db/sequences";
import { isSuppressed } from "../db/suppressions";
import type { Cart } from "../domain/cart";
import { composeRecoveryEmail } from "../domain/email/compose";
import { sampleCart } from "../domain/email/sample-cart";
import { AppError, invalidField, notFound, RateLimitedError } from "../domain/errors";
import { fixedWindow } from "../domain/rate-window";
import type { Step } from "../domain/steps";
import { sendBatch } from "../integrations/resend";
import { pauseSending, resumeSending } from "./email/sending-pause";
import type { StoreContext } from "./context";
import { linkBaseUrl, linkSealers } from "./email/links";
import { resendClient, toResendEmail } from "./email/resend-client";
import { senderSourceOf } from "./sending-domains";

const SAMPLE_ADDRESS = "shopper@example.com";

/** Test sends per store per hour: enough to check a template, too few to mail anyone at volume. */
export const TEST_SENDS_PER_HOUR = 10;
const HOUR_MS = 3_600_000;

/** A step's subject and body as edited in the dashboard and not saved yet; an absent one is the saved one. */
export type StepDraft = Partial<Pick<Step, "subject" | "body">>;

type StepEmail = { stepId: string; cart: Cart; to: string; sequenceId: string; baseUrl: string; draft?: StepDraft };

function emailStep({ store }: StoreContext, stepId: string) {
  const step = store.settings.steps.find((s) => s.id === stepId && s.channel === "email");
  if (!step) throw notFound("email step");
  return step;
}

async function compose(ctx: StoreContext, input: StepEmail) {
  const saved = emailStep(ctx, input.stepId);
  return composeRecoveryEmail({
    settings: ctx.store.settings,
    storeId: ctx.store.id,
    sequenceId: input.sequenceId,
    step: { ...saved, subject: input.draft?.subject ?? saved.subject, body: input.draft?.body ?? saved.body },
    cart: input.cart,
    to: input.to,
    sealers: linkSealers(ctx.config),
    baseUrl: linkBaseUrl(ctx.config, input.baseUrl),
    sender: await senderSourceOf(ctx, ctx.store.id),
  });
}

/**
 * A test send mails any address the merchant names, so it is the one way to email someone who
 * never shopped: a suppressed address is refused, and each store gets so many per hour.
 */
async function admitTestSend({ db, store }: StoreContext, to: string) {
  if (await isSuppressed(db, store.id, to)) throw invalidField("to", "this address is suppressed (unsubscribed, bounced or complained) and gets no email from this store");
  const window = fixedWindow(Date.now(), HOUR_MS);
  const used = await countUse(db, `test-send:${store.id}`, window.start);
  if (used > TEST_SENDS_PER_HOUR) {
    throw new RateLimitedError(`a store can send ${TEST_SENDS_PER_HOUR} test emails per hour; try again in ${window.retryAfterSeconds} s`, window.retryAfterSeconds);
  }
}

/**
 * A step's email as the shopper would get it, with a real sequence's cart or a sample one; with a
 * draft, as it would be once the draft is saved (so the editor previews before saving).
 */
export async function previewStepEmail(ctx: StoreContext, input: { stepId: string; sequenceId?: string; baseUrl: string; draft?: StepDraft }) {
  const sequence = input.sequenceId ? await findSequenceRow(ctx.db, ctx.store.id, input.sequenceId) : null;
  if (input.sequenceId && !sequence) throw notFound("sequence");
  const cart = sequence?.cart ?? sampleCart(ctx.store.settings, SAMPLE_ADDRESS, new Date());
  const to = cart.customer_email ?? SAMPLE_ADDRESS;
  const { content } = await compose(ctx, { stepId: input.stepId, cart, to, sequenceId: sequence?.id ?? "seq_preview", baseUrl: input.baseUrl, draft: input.draft });
  return content;
}

/** Sends a step's email with a sample cart to the merchant's address, tagged `type=test`; rendered only in outbox mode. */
export async function sendTestEmail(ctx: StoreContext, input: { stepId: string; to: string; baseUrl: string }) {
  emailStep(ctx, input.stepId);
  await admitTestSend(ctx, input.to);
  const { payload } = await compose(ctx, { stepId: input.stepId, cart: sampleCart(ctx.store.settings, input.to, new Date()), to: input.to, sequenceId: "seq_test", baseUrl: input.baseUrl });
  const resend = resendClient(ctx.config);
  if (!resend) return { mode: "outbox" as const, id: null, subject: payload.subject };
  const email = toResendEmail({ ...payload, tags: { ...payload.tags, type: "test" } });
  const result = await sendBatch(resend, [email], `reva-test/${crypto.randomUUID()}`);
  const sent = result.kind === "sent" ? result.results[0] : undefined;
  if (!sent || !("id" in sent)) {
    const why = result.kind === "rate_limited" ? "rate limited, try again" : result.kind === "sent" ? (sent && "error" in sent ? sent.error : "no answer for the email") : result.message;
    if (result.kind === "account_problem") await pauseSending(ctx, ctx.store.id, result.message);
    throw new AppError("upstream_failed", `Resend did not send the test: ${why}`);
  }
  // The account sends again: a store paused for an operator problem resumes (services/email/sending-pause).
  await resumeSending(ctx, ctx.store.id);
  return { mode: "resend" as const, id: sent.id, subject: payload.subject };
}

/** The HTML of an email as it was rendered and stored (the outbox), for the dashboard's sandboxed frame. */
export async function storedEmailHtml({ db, store }: StoreContext, emailId: string) {
  const row = await findStoreEmail(db, store.id, emailId);
  if (!row) throw notFound("email");
  return row.html;
}
