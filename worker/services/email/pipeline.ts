import type { EmailRow } from "../../db/emails";
import { emailKey } from "../../domain/email/email-key";
import type { EmailJob } from "../../domain/email/email-job";
import type { CartSequenceStub } from "../../durable/client";
import type { EmailClaim } from "../../domain/email-steps";


/** A job of this delivery whose claim was granted. */
export type Claimed = { index: number; job: EmailJob; stub: CartSequenceStub; claim: Extract<EmailClaim, { send: true }> };

/** A job of this delivery with its stored email row. */
export type Pending = { index: number; job: EmailJob; row: EmailRow; stub: CartSequenceStub };

/** One Resend request: all of its rows (its body, in id order) and the jobs of this delivery among them. */
export type Batch = { key: string; rows: EmailRow[]; here: Pending[] };

export const jobKey = (job: EmailJob) => emailKey(job.sequence_id, job.step_id);
