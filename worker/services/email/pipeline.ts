import type { EmailRow } from "../../db/emails";
import { emailKey } from "../../domain/email/email-key";
import type { EmailJob } from "../../domain/email/email-job";
import type { CartSequenceStub } from "../../durable/client";
import type { EmailClaim } from "../../domain/email-steps";

/** A job of this delivery whose claim was granted. */
export type Claimed = { index: number; job: EmailJob; stub: CartSequenceStub; claim: Extract<EmailClaim, { send: true }> };

/** A job of this delivery with its stored email row and the lease its claim holds. */
export type Pending = { index: number; job: EmailJob; row: EmailRow; stub: CartSequenceStub; lease: string };

/** A row of a resent batch whose job is not in this delivery, with its cart's object. */
export type Member = { row: EmailRow; stub: CartSequenceStub };

/**
 * One Resend request: all of its rows (its body, in id order), the jobs of this delivery among
 * them and the other rows' objects (settled too when the answer comes). `fresh`: no attempt of
 * these rows can have reached Resend, so an answer that sent nothing (429, refused account)
 * proves the emails were never sent and their leases may end.
 */
export type Batch = { key: string; rows: EmailRow[]; here: Pending[]; others: Member[]; fresh: boolean };

export const jobKey = (job: EmailJob) => emailKey(job.sequence_id, job.step_id);
