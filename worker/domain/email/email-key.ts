/** One email per (sequence, step): the key every lookup of a sequence's emails is made by. */
export const emailKey = (sequenceId: string, stepId: string) => `${sequenceId}/${stepId}`;
